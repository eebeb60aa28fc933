# git_lib.sh: shared by the editor's git tests (tests/e2e/git_*.sh),
# sourced after lib.sh. The git program makes and inspects the
# repositories (quire itself only ever uses libgit2); it runs with none
# of the user's own configuration, and neither it nor quire looks for a
# repository above the test's directory. A test without git is skipped.
command -v git >/dev/null 2>&1 || { echo "git not installed"; exit 77; }
HOME=$T/home
XDG_CONFIG_HOME=$T/config
GIT_CONFIG_NOSYSTEM=1
GIT_CEILING_DIRECTORIES=$T
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM GIT_CEILING_DIRECTORIES
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME \
    GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

# mkrepo DIR: an empty repository on branch main; Alice commits.
mkrepo() {
	mkdir -p "$1" && git -C "$1" init -q -b main &&
	    git -C "$1" config user.name 'Alice Analyst' &&
	    git -C "$1" config user.email alice@bank.example ||
	    fail "git init $1"
}

# short REV [DIR]: the seven-digit id quire shows for REV.
short() {
	git -C "${2:-$T/repo}" rev-parse --short=7 "$1"
}

# fsck_clean [DIR]: plain git finds nothing wrong.
fsck_clean() {
	git -C "${1:-$T/repo}" fsck --no-dangling >"$T/fsck" 2>&1 ||
	    { cat "$T/fsck"; fail "git fsck"; }
}

# qstart ARGS: quire with the test's git boundaries.
qstart() {
	start GIT_CEILING_DIRECTORIES="$T" "$@"
}
