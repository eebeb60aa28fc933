/*
 * config_fallback.h: the configuration calls the editor makes, as
 * src/config.h will declare them. Until src/config.c is in the build,
 * tui/config_fallback.c answers them from a minimal reader of the same
 * file ($XDG_CONFIG_HOME/quire/config, "key = value" lines, "[section]"
 * prefixes), so the editor and its tests can already use settings.
 */
#ifndef QUIRE_TUI_CONFIG_FALLBACK_H
#define QUIRE_TUI_CONFIG_FALLBACK_H

struct config;

/* Defaults when the file is absent; NULL with err_last() ("file:line:
 * ...") when it cannot be read. */
struct config *config_load(const char *path_or_null);
void config_free(struct config *);	/* NULL is a no-op */
/* The value of key ("editor.keymap"), or dflt; borrowed. */
const char *config_get(const struct config *, const char *key,
    const char *dflt);

#endif
