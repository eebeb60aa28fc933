/*
 * cli.h: the subcommands of the quire program. Each takes the arguments
 * after its own name (argv[0] is the subcommand) and returns the exit
 * status: 0 success, 1 findings or failures, 2 unusable input or usage.
 */
#ifndef QUIRE_CLI_H
#define QUIRE_CLI_H

int cli_check(int argc, char **argv);
int cli_convert(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_whoami(int argc, char **argv);
int cli_kernel(int argc, char **argv);
/* Every command but --kernel (tui/main.c, in quire-app.so). */
int quire_main(int argc, char **argv);
int cli_edit(int argc, char **argv);
int cli_view(int argc, char **argv);
int cli_log(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_doctor(int argc, char **argv);
/* Print "quire CMD: MSG" and the command's usage line to stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
