/*
 * mkfixtures.c: writes the image fixtures of tests/check_imgrender.c.
 * Not built by make; the files it wrote are in this directory. Run:
 *
 *	cc -o /tmp/mkfixtures mkfixtures.c -lpng16 -ljpeg -lz && /tmp/mkfixtures
 *
 * quad.png, quad.jpg: 40 x 20, the left half red, the right half blue.
 * alpha.png: 20 x 20, opaque green on the left, transparent on the right.
 * tall.png: 10 x 100, white.
 * huge.png, huge.jpg: quad's bytes with the header saying 5000 x 5000
 * (5000 x 3000 for the JPEG): beyond the limits, never decoded.
 * broken.png: quad.png cut after 60 bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

static void
put32(unsigned char *p, unsigned v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void
write_png(const char *path, int w, int h, const unsigned char *rgba)
{
	png_image pi;

	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	pi.width = w;
	pi.height = h;
	pi.format = PNG_FORMAT_RGBA;
	if (!png_image_write_to_file(&pi, path, 0, rgba, 0, NULL))
		exit(1);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = malloc(1 << 20);

	*len = fread(p, 1, 1 << 20, f);
	fclose(f);
	return p;
}

static void
spit(const char *path, const unsigned char *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	fwrite(p, 1, len, f);
	fclose(f);
}

int
main(void)
{
	unsigned char quad[40 * 20 * 4], alpha[20 * 20 * 4], tall[10 * 100 * 4];
	unsigned char rgb[40 * 20 * 3], *p;
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	JSAMPROW row;
	FILE *f;
	size_t len, i;
	int x, y;

	for (y = 0; y < 20; y++)
		for (x = 0; x < 40; x++) {
			unsigned char *q = quad + (y * 40 + x) * 4;

			q[0] = x < 20 ? 255 : 0;
			q[1] = 0;
			q[2] = x < 20 ? 0 : 255;
			q[3] = 255;
			memcpy(rgb + (y * 40 + x) * 3, q, 3);
		}
	for (y = 0; y < 20; y++)
		for (x = 0; x < 20; x++) {
			unsigned char *q = alpha + (y * 20 + x) * 4;

			q[0] = 0;
			q[1] = 200;
			q[2] = 0;
			q[3] = x < 10 ? 255 : 0;
		}
	memset(tall, 255, sizeof tall);
	write_png("quad.png", 40, 20, quad);
	write_png("alpha.png", 20, 20, alpha);
	write_png("tall.png", 10, 100, tall);

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	f = fopen("quad.jpg", "wb");
	jpeg_stdio_dest(&c, f);
	c.image_width = 40;
	c.image_height = 20;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 95, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		row = rgb + c.next_scanline * 40 * 3;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	fclose(f);
	jpeg_destroy_compress(&c);

	/* huge.png: IHDR width and height patched, CRC recomputed. */
	p = slurp("quad.png", &len);
	put32(p + 16, 5000);
	put32(p + 20, 5000);
	put32(p + 29, (unsigned)crc32(0, p + 12, 17));
	spit("huge.png", p, len);
	free(p);
	p = slurp("quad.png", &len);
	spit("broken.png", p, 60);
	free(p);
	/* huge.jpg: the SOF0 frame header's height and width patched. */
	p = slurp("quad.jpg", &len);
	for (i = 2; i + 9 < len; i++)
		if (p[i] == 0xFF && p[i + 1] == 0xC0) {
			p[i + 5] = 3000 >> 8;
			p[i + 6] = 3000 & 0xff;
			p[i + 7] = 5000 >> 8;
			p[i + 8] = 5000 & 0xff;
			break;
		}
	spit("huge.jpg", p, len);
	free(p);
	return 0;
}
