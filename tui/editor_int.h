/*
 * editor_int.h: private to the editor's files (editor.c: life cycle,
 * input and the loop; editor_cmd.c: the commands; editor_draw.c: the
 * screen; editor_side.c: side views). struct editor is the program's one
 * piece of top-level state (STYLE.md): everything the editor owns hangs
 * off it and is passed down explicitly.
 */
#ifndef QUIRE_TUI_EDITOR_INT_H
#define QUIRE_TUI_EDITOR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fmt.h"
#include "keymap.h"
#include "layout.h"
#include "run.h"
#include "scrollview.h"

struct ana;
struct celledit;
struct config;
struct draw;
struct graph;
struct journal;
struct journal_lock;
struct journal_stat;
struct keys;
struct loop;
struct nb;
struct outfocus;
struct output;
struct vcsbar;
struct view_audit;
struct view_diff;
struct view_log;

/* How much of a cell's output shows. */
enum editor_out_mode {
	EDITOR_OUT_CAPPED,	/* the first EDITOR_OUT_CAP rows */
	EDITOR_OUT_COLLAPSED,	/* one line saying how much there is */
	EDITOR_OUT_EXPANDED	/* all of it (up to EDITOR_OUT_MAX rows) */
};

#define EDITOR_OUT_CAP 10
#define EDITOR_OUT_MAX 2000
#define EDITOR_LINE_ROWS_MAX 256	/* rows one wrapped line may take */

/* What the editor keeps per cell, besides the notebook's own data. */
struct editor_cell {
	uint32_t id;
	struct output *out;
	enum editor_out_mode out_mode;
	size_t out_scroll;		/* output rows skipped at the top */
	bool needs_run;			/* committed text not yet run */
	struct run_info info;		/* latest from the runner */
	char *message;			/* copy of info.message */
	size_t err_line;		/* 1-based cell line of an error, 0 */
	size_t hscroll;			/* columns scrolled (no wrap) */
	/* Caches, keyed by what they depend on. */
	const char *src_seen;		/* source pointer the caches saw */
	size_t src_len_seen;
	size_t nlines;			/* lines of code */
	uint8_t *roles;			/* syntax role per source byte */
	int code_rows, code_rows_width;	/* wrapped rows at that width */
	int out_rows, out_rows_width;
	unsigned long out_rows_version;
	enum editor_out_mode out_rows_mode;
	unsigned long drawn_frame;	/* nframes after the last frame that
					   showed its pane */
};

enum editor_input {
	EDITOR_INPUT_KEYS,		/* keymap */
	EDITOR_INPUT_LINE,		/* the bottom line is being typed */
	EDITOR_INPUT_PROMPT		/* a question wants one key */
};

enum editor_line_purpose {
	EDITOR_LINE_COMMAND,
	EDITOR_LINE_SEARCH,
	EDITOR_LINE_RENAME,
	EDITOR_LINE_GOTO,
	EDITOR_LINE_SAVE_AS
};

enum editor_side {
	EDITOR_SIDE_NONE,
	EDITOR_SIDE_HELP,
	EDITOR_SIDE_VARS,
	EDITOR_SIDE_GRAPH,
	EDITOR_SIDE_INSPECT	/* :inspect: a cell's output bytes */
};

struct editor;
typedef void (*editor_answer_fn)(struct editor *, int key);

/* One undoable change to the notebook's structure or a cell's text. */
enum editor_op_type {
	EDITOR_OP_SOURCE,	/* text: old -> new */
	EDITOR_OP_INSERT,	/* a cell appeared at idx */
	EDITOR_OP_REMOVE,	/* a cell left idx */
	EDITOR_OP_MOVE,		/* from idx -> to idx */
	EDITOR_OP_NAME,
	EDITOR_OP_CONFIG
};

struct editor_op {
	enum editor_op_type type;
	uint32_t id;
	size_t from, to;	/* positions */
	char *old_text, *new_text;	/* source or name */
	size_t old_len, new_len;
	bool old_hide, new_hide, old_disabled, new_disabled;
	char *name;		/* REMOVE/INSERT: the cell's name */
	bool hide, disabled;	/* REMOVE/INSERT: its config */
	struct output *out;	/* REMOVE: its output, kept for undo */
	bool group_end;		/* last op of one user action */
};

struct editor_history {
	struct editor_op *v;
	size_t n, alloc;
};

struct editor {
	/* The file. */
	char *path;
	char *user;		/* the account's name, for the top bar */
	enum fmt_kind kind;
	bool view_only;
	bool is_new;			/* no file yet */
	struct journal_stat *disk;	/* the file as read or saved */

	/* Owned modules. */
	struct nb *nb;
	struct ana *ana;
	struct graph *graph;		/* use editor_graph() */
	bool graph_synced;		/* built (after the first paint) */
	struct run *run;
	struct loop *loop;
	struct draw *draw;
	struct keys *keys;
	struct keymap *km;
	struct keymap_line *line;
	struct config *cfg;
	struct journal *journal;	/* NULL in view mode or when none */
	struct journal_lock *lock;
	unsigned long ce_journaled;	/* text version recorded */
	uint64_t journal_timer;
	uint64_t redraw_timer;		/* output waits for it */
	size_t recovered_changed, recovered_added, recovered_removed;

	/* Cells, in display order (mirrors the notebook). */
	struct editor_cell **cells;
	size_t ncells, cells_alloc;
	size_t focus;
	long scroll;

	/* The cell being edited. */
	struct celledit *ce;
	uint32_t ce_cell;		/* 0 when not editing */

	/* Input. */
	enum editor_input input;
	enum editor_line_purpose line_purpose;
	const char *question;
	char *question_buf;		/* a question built at run time */
	editor_answer_fn answer;
	const char *answers;		/* keys that answer, e.g. "ync" */
	bool prompt_armed;		/* drawn, earlier input thrown away */
	uint64_t esc_timer;
	uint64_t esc_due_ms;	/* when a lone ESC becomes Escape */
	struct buf pending;		/* keys of a pending sequence */

	/* The audit trail: what is recorded, and the :audit view. */
	struct view_audit *audit;	/* view_audit.c's; NULL until used */

	/* Versioning: git state, gutter marks, commit on save (vcsbar.c),
	 * the log and diff views; NULL until used. */
	struct vcsbar *vcs;
	struct view_log *vlog;
	struct view_diff *vdiff;

	/* Side view. */
	enum editor_side side;
	struct scrollview side_sv;	/* over editor_side_lines() */
	/* The kernel's latest word on the globals (variables view). */
	struct editor_var *vars;
	size_t nvars;
	uint32_t inspect_id;		/* the cell :inspect shows */

	/* Bottom bar message. */
	struct buf msg;
	bool msg_error;
	uint64_t msg_until_ms;

	/* Clipboards: text inside a cell, and whole cells. */
	struct buf clip;
	struct buf clip_cell;
	char *clip_cell_name;
	bool clip_has_cell;

	struct editor_history undo, redo;

	/* Completion waiting for the kernel's answer. */
	uint32_t complete_seq, complete_pending;
	unsigned long complete_text_version;
	size_t complete_cursor, complete_start;
	char **complete_local;		/* the notebook's own candidates */
	size_t complete_nlocal;

	/* The call hint (editor_hint.c): for the call whose '(' is at
	 * hint_open in the cell being edited, hint_cell (0: none). */
	uint32_t hint_seq, hint_pending;
	uint32_t hint_cell;
	size_t hint_open;
	char *hint_text;		/* sanitised; what the bar shows */

	/* Search. */
	struct buf search;
	size_t search_cell;
	size_t search_off;

	/* Settings. */
	bool wrap;
	bool lazy;
	bool view_code;			/* view mode: show code read-only */
	unsigned autosave_s;
	unsigned indent;		/* spaces Tab indents by */
	uint64_t autosave_timer;

	/* Screen. */
	struct layout lay;
	struct layout_cell *lcells;
	size_t lcells_alloc;
	bool dirty_screen;
	bool quit;
	int exit_status;
	/* The keys inside a cell's output (outfocus.c); NULL until used. */
	struct outfocus *of;
	int graphics;		/* pictures: 0 symbols, IMGRENDER_SIXEL or
				   IMGRENDER_KITTY (decided at start-up) */
	/* Benchmark counters (QUIRE_STATS). */
	unsigned long nframes;
};

/* editor.c */
void editor_message(struct editor *, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void editor_ask(struct editor *, const char *question, const char *answers,
    editor_answer_fn);
void editor_open_line(struct editor *, enum editor_line_purpose,
    const char *prompt, const char *text);
struct editor_cell *editor_cell_find(struct editor *, uint32_t id);
struct editor_cell *editor_focus_cell(struct editor *);
struct nb_cell *editor_focus_nb(struct editor *);
/* Bring the mirror of cells in step with the notebook's order. */
void editor_sync_cells(struct editor *);
/* Start editing the focused cell, cursor at pos (TEXT_EPOS style -1:
 * where it was, or the end). */
void editor_edit_begin(struct editor *, size_t pos);
/* Put the edited text into the notebook (an undo step); true when it
 * changed. */
bool editor_commit_text(struct editor *);
/* Stop editing: commit, and run the cell when it changed (or always
 * when run is true). */
void editor_edit_end(struct editor *, bool run);
void editor_run_cell(struct editor *, uint32_t id);
void editor_focus_set(struct editor *, size_t idx);
int editor_save(struct editor *, const char *path, bool force);
void editor_quit(struct editor *, bool force);
void editor_external(struct editor *);
bool editor_is_modified(struct editor *);
void editor_set_keymap(struct editor *, enum keymap_style);
void editor_cells_changed(struct editor *);
/* Record an edit in the recovery journal (no-op without one). */
void editor_journal_source(struct editor *, uint32_t id);
void editor_journal_insert(struct editor *, uint32_t id);
void editor_journal_delete(struct editor *, uint32_t id);
void editor_journal_move(struct editor *, uint32_t id);
void editor_journal_meta(struct editor *, uint32_t id);
/* The graph of the current sources, built on first use. */
struct graph *editor_graph(struct editor *);
/* A cell's source or name changed: its edges follow (once built). */
void editor_graph_cell(struct editor *, struct nb_cell *);

/* editor_cmd.c */
/* Run a command line ("rename foo"); 0, or -1 with a message shown. */
int editor_cmd_run(struct editor *, const char *line);
/* Command names for completion, NULL-terminated, *n of them; the
 * caller frees the array (not the names) with free(). */
const char **editor_cmd_names(size_t *n);
/* The one-line description of a command, or NULL. */
const char *editor_cmd_help(const char *name);
/* Record an op on the undo history; clears redo. */
void editor_history_push(struct editor *, struct editor_op *);
void editor_history_end(struct editor *);
/* Do op as a new edit (as redo would) and record it on the undo
 * history; the caller ends the group with editor_history_end(). The
 * history owns op's pointers from here; op->id is set for an insert. */
void editor_history_do(struct editor *, struct editor_op *);
void editor_history_release(struct editor_history *);
void editor_search_next(struct editor *, bool backward);
void editor_goto(struct editor *, const char *name);
void editor_rename(struct editor *, const char *name);
void editor_complete(struct editor *);
/* The kernel answered completion request id. */
void editor_complete_answer(struct editor *, uint32_t id, size_t replace_len,
    const char *const *words, size_t nwords);
void editor_complete_free(struct editor *);
/* After "name(": the signature of a def of name in the notebook. */
void editor_signature_hint(struct editor *);

/* editor_hint.c */
/* After a key in the cell editor: ask for, keep showing or drop the
 * hint of the call the cursor is inside. */
void editor_hint_after_key(struct editor *, int key);
/* Was this COMPLETIONS answer a hint's (then it is handled)? */
bool editor_hint_answer(struct editor *, const struct run_event *);
void editor_hint_clear(struct editor *);

/* editor_draw.c */
void editor_draw(struct editor *);
/* Make the focus (and the cursor while editing) visible. */
void editor_scroll_to_focus(struct editor *);
/* Rows of code/output a cell takes now (caches updated). */
void editor_cell_rows(struct editor *, size_t idx, struct layout_cell *out);
/* The layout cells of every cell, fresh. */
void editor_layout_cells(struct editor *);
/* Cell title: "3 name" as shown. */
void editor_cell_title(struct editor *, size_t idx, struct buf *out);
/* Give a cell's output the pane's look (width, colours) for rich items. */
void editor_output_look(struct editor *, struct editor_cell *);
/* Scroll the screen so row (of the focused cell's output rows shown)
 * is in view. */
void editor_scroll_to_output(struct editor *, size_t row);

/* editor_side.c */
/* The lines of the open side view (text, role per line). */
struct editor_side_line {
	char *text;
	int role;		/* enum draw_role */
	size_t cell;		/* position Enter goes to, or (size_t)-1 */
};
size_t editor_side_lines(struct editor *, struct editor_side_line **out);
void editor_side_lines_free(struct editor_side_line *, size_t n);
const char *editor_side_title(struct editor *);
/* The variables view's types and values: ask the kernel (when idle) for
 * every name a cell defines; keep its answer; forget it. */
struct editor_var {
	char *name, *type, *repr;	/* repr already sanitised */
};
void editor_side_vars_request(struct editor *);
void editor_side_vars_store(struct editor *, const struct run_event *);
void editor_side_vars_free(struct editor *);
/* Enter in a side view: act on the selected line. */
void editor_side_select(struct editor *);

#endif
