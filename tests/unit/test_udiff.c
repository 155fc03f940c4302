#include "udiff.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_EDITS 16

/*
 * A case is written as the old text with its splices marked the way git's
 * word diff marks them: "[-gone-]" is deleted, "{+new+}" inserted, and a
 * deletion directly followed by an insertion is one replacement. The
 * expected diffs are what `git diff` prints for them (and test_git checks
 * that it still does): for the splices composefix makes, the lines they
 * touch are the lines git sees changed. Random splices (test_random) may
 * line up repeated lines differently from git, so there only git apply
 * and patch must rebuild the new bytes.
 */
struct ucase {
	const char *name;
	const char *path;
	const char *tmpl;
	const char *want;
};

/* clang-format off */
static const struct ucase cases[] = {
	{ "insertion mid-line", "compose.yml",
	  "services:\n"
	  "  db:\n"
	  "    image: mysql:8\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n"
	  "    environment:\n"
	  "      MYSQL_ROOT_PASSWORD: secret\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -2,6 +2,6 @@ services:\n"
	  "   db:\n"
	  "     image: mysql:8\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n"
	  "     environment:\n"
	  "       MYSQL_ROOT_PASSWORD: secret\n" },
	{ "several edits on one line", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    image: nginx\n"
	  "    ports: [\"{+127.0.0.1:+}8080:80\", \"{+127.0.0.1:+}8443:443\"]\n"
	  "    restart: always\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,5 +1,5 @@\n"
	  " services:\n"
	  "   web:\n"
	  "     image: nginx\n"
	  "-    ports: [\"8080:80\", \"8443:443\"]\n"
	  "+    ports: [\"127.0.0.1:8080:80\", \"127.0.0.1:8443:443\"]\n"
	  "     restart: always\n" },
	{ "edits on adjacent lines", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    image: nginx\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}80:80\"\n"
	  "      - \"{+127.0.0.1:+}443:443\"\n"
	  "    restart: always\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -2,6 +2,6 @@ services:\n"
	  "   web:\n"
	  "     image: nginx\n"
	  "     ports:\n"
	  "-      - \"80:80\"\n"
	  "-      - \"443:443\"\n"
	  "+      - \"127.0.0.1:80:80\"\n"
	  "+      - \"127.0.0.1:443:443\"\n"
	  "     restart: always\n" },
	{ "edits 6 lines apart share a hunk", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}80:80\"\n"
	  "    environment:\n"
	  "      V0: x\n"
	  "      V1: x\n"
	  "      V2: x\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n"
	  "    image: mysql\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,12 +1,12 @@\n"
	  " services:\n"
	  "   web:\n"
	  "     ports:\n"
	  "-      - \"80:80\"\n"
	  "+      - \"127.0.0.1:80:80\"\n"
	  "     environment:\n"
	  "       V0: x\n"
	  "       V1: x\n"
	  "       V2: x\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n"
	  "     image: mysql\n" },
	{ "edits 7 lines apart make two hunks", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}80:80\"\n"
	  "    environment:\n"
	  "      V0: x\n"
	  "      V1: x\n"
	  "      V2: x\n"
	  "      V3: x\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n"
	  "    image: mysql\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,7 +1,7 @@\n"
	  " services:\n"
	  "   web:\n"
	  "     ports:\n"
	  "-      - \"80:80\"\n"
	  "+      - \"127.0.0.1:80:80\"\n"
	  "     environment:\n"
	  "       V0: x\n"
	  "       V1: x\n"
	  "@@ -9,5 +9,5 @@ services:\n"
	  "       V3: x\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n"
	  "     image: mysql\n" },
	{ "edit near the start", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports: [\"{+127.0.0.1:+}80:80\"]\n"
	  "    image: nginx\n"
	  "    restart: always\n"
	  "    user: www\n"
	  "    init: true\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,6 +1,6 @@\n"
	  " services:\n"
	  "   web:\n"
	  "-    ports: [\"80:80\"]\n"
	  "+    ports: [\"127.0.0.1:80:80\"]\n"
	  "     image: nginx\n"
	  "     restart: always\n"
	  "     user: www\n" },
	{ "edit near the end", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    image: nginx\n"
	  "    restart: always\n"
	  "    user: www\n"
	  "    init: true\n"
	  "    ports: [\"{+127.0.0.1:+}80:80\"]\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -4,4 +4,4 @@ services:\n"
	  "     restart: always\n"
	  "     user: www\n"
	  "     init: true\n"
	  "-    ports: [\"80:80\"]\n"
	  "+    ports: [\"127.0.0.1:80:80\"]\n" },
	{ "edit at the start of the file", "compose.yml",
	  "{+# bound to loopback\n"
	  "+}services:\n"
	  "  web:\n"
	  "    ports: [\"80:80\"]\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,3 +1,4 @@\n"
	  "+# bound to loopback\n"
	  " services:\n"
	  "   web:\n"
	  "     ports: [\"80:80\"]\n" },
	{ "no final newline, edit on the last line", "compose.yml",
	  "services:\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,4 +1,4 @@\n"
	  " services:\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "\\ No newline at end of file\n"
	  "+      - \"127.0.0.1:3306:3306\"\n"
	  "\\ No newline at end of file\n" },
	{ "no final newline, last line in context", "compose.yml",
	  "services:\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n"
	  "    image: mysql\n"
	  "    restart: always",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,6 +1,6 @@\n"
	  " services:\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n"
	  "     image: mysql\n"
	  "     restart: always\n"
	  "\\ No newline at end of file\n" },
	{ "CRLF file", "compose.yml",
	  "services:\r\n"
	  "  db:\r\n"
	  "    image: mysql\r\n"
	  "    ports:\r\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\r\n"
	  "    restart: always\r\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -2,5 +2,5 @@ services:\n"
	  "   db:\r\n"
	  "     image: mysql\r\n"
	  "     ports:\r\n"
	  "-      - \"3306:3306\"\r\n"
	  "+      - \"127.0.0.1:3306:3306\"\r\n"
	  "     restart: always\r\n" },
	{ "a whole new line", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports:\n"
	  "      - target: 80\n"
	  "{+        host_ip: 127.0.0.1\n"
	  "+}        published: 8080\n"
	  "        protocol: tcp\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -2,5 +2,6 @@ services:\n"
	  "   web:\n"
	  "     ports:\n"
	  "       - target: 80\n"
	  "+        host_ip: 127.0.0.1\n"
	  "         published: 8080\n"
	  "         protocol: tcp\n" },
	{ "a new line and an edit on the next line", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports:\n"
	  "      - target: 80\n"
	  "{+        host_ip: 127.0.0.1\n"
	  "+}        published: 8080\n"
	  "      - \"{+127.0.0.1:+}443:443\"\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -2,5 +2,6 @@ services:\n"
	  "   web:\n"
	  "     ports:\n"
	  "       - target: 80\n"
	  "+        host_ip: 127.0.0.1\n"
	  "         published: 8080\n"
	  "-      - \"443:443\"\n"
	  "+      - \"127.0.0.1:443:443\"\n" },
	{ "file of one line", "compose.yml",
	  "ports: [\"{+127.0.0.1:+}80:80\"]\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1 +1 @@\n"
	  "-ports: [\"80:80\"]\n"
	  "+ports: [\"127.0.0.1:80:80\"]\n" },
	{ "file of one line without newline", "compose.yml",
	  "ports: [\"{+127.0.0.1:+}80:80\"]",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1 +1 @@\n"
	  "-ports: [\"80:80\"]\n"
	  "\\ No newline at end of file\n"
	  "+ports: [\"127.0.0.1:80:80\"]\n"
	  "\\ No newline at end of file\n" },
	{ "newline added at the end", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports: [\"80:80\"]{+\n"
	  "+}",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,3 +1,3 @@\n"
	  " services:\n"
	  "   web:\n"
	  "-    ports: [\"80:80\"]\n"
	  "\\ No newline at end of file\n"
	  "+    ports: [\"80:80\"]\n" },
	{ "newline removed at the end", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports: [\"80:80\"][-\n"
	  "-]",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,3 +1,3 @@\n"
	  " services:\n"
	  "   web:\n"
	  "-    ports: [\"80:80\"]\n"
	  "+    ports: [\"80:80\"]\n"
	  "\\ No newline at end of file\n" },
	{ "line break removed", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports:[-\n"
	  "     -] [\"80:80\"]\n"
	  "    image: nginx\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,5 +1,4 @@\n"
	  " services:\n"
	  "   web:\n"
	  "-    ports:\n"
	  "-      [\"80:80\"]\n"
	  "+    ports: [\"80:80\"]\n"
	  "     image: nginx\n" },
	{ "line break inserted", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports:{+\n"
	  "     +} [\"{+127.0.0.1:+}80:80\"]\n"
	  "    image: nginx\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,4 +1,5 @@\n"
	  " services:\n"
	  "   web:\n"
	  "-    ports: [\"80:80\"]\n"
	  "+    ports:\n"
	  "+      [\"127.0.0.1:80:80\"]\n"
	  "     image: nginx\n" },
	{ "empty file", "compose.yml",
	  "{+services: {}\n"
	  "+}",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -0,0 +1 @@\n"
	  "+services: {}\n" },
	{ "everything deleted", "compose.yml",
	  "[-services:\n"
	  "  web: {}\n"
	  "-]",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,2 +0,0 @@\n"
	  "-services:\n"
	  "-  web: {}\n" },
	{ "edits that change nothing", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports: [\"[-80-]{+80+}:80\"]{++}\n",
	  "" },
	{ "path in a directory", "deploy/prod/compose.yml",
	  "services:\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n",
	  "--- a/deploy/prod/compose.yml\n"
	  "+++ b/deploy/prod/compose.yml\n"
	  "@@ -1,4 +1,4 @@\n"
	  " services:\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n" },
	{ "path with a space and a non-ASCII byte", "my app/caf\303\251.yml",
	  "services:\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n",
	  "--- \"a/my app/caf\\303\\251.yml\"\t\n"
	  "+++ \"b/my app/caf\\303\\251.yml\"\t\n"
	  "@@ -1,4 +1,4 @@\n"
	  " services:\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n" },
	{ "path with a quote", "a\"b.yml",
	  "x:\n"
	  "  - \"{+127.0.0.1:+}1:1\"\n",
	  "--- \"a/a\\\"b.yml\"\n"
	  "+++ \"b/a\\\"b.yml\"\n"
	  "@@ -1,2 +1,2 @@\n"
	  " x:\n"
	  "-  - \"1:1\"\n"
	  "+  - \"127.0.0.1:1:1\"\n" },
	{ "blank line inserted among blank lines", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    image: nginx\n"
	  "\n"
	  "\n"
	  "{+\n"
	  "+}  db:\n"
	  "    image: mysql\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -3,5 +3,6 @@ services:\n"
	  "     image: nginx\n"
	  " \n"
	  " \n"
	  "+\n"
	  "   db:\n"
	  "     image: mysql\n" },
	{ "duplicate line removed next to an edit", "compose.yml",
	  "services:\n"
	  "  db:\n"
	  "    ports:\n"
	  "      - \"{+127.0.0.1:+}3306:3306\"\n"
	  "[-      - \"3306:3306\"\n"
	  "-]      - \"80:80\"\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,6 +1,5 @@\n"
	  " services:\n"
	  "   db:\n"
	  "     ports:\n"
	  "-      - \"3306:3306\"\n"
	  "-      - \"3306:3306\"\n"
	  "+      - \"127.0.0.1:3306:3306\"\n"
	  "       - \"80:80\"\n" },
	{ "long funcname line is cut", "compose.yml",
	  "x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:   \n"
	  "  k: 1\n"
	  "  l: 2\n"
	  "  m: 3\n"
	  "  n: 4\n"
	  "  ports: [\"{+127.0.0.1:+}80:80\"]\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -3,4 +3,4 @@ x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	  "   l: 2\n"
	  "   m: 3\n"
	  "   n: 4\n"
	  "-  ports: [\"80:80\"]\n"
	  "+  ports: [\"127.0.0.1:80:80\"]\n" },
	{ "two hunks under one funcname", "compose.yml",
	  "services:\n"
	  "  web:\n"
	  "    ports: [\"{+127.0.0.1:+}80:80\"]\n"
	  "    a: 1\n"
	  "    b: 2\n"
	  "    c: 3\n"
	  "    d: 4\n"
	  "    e: 5\n"
	  "    f: 6\n"
	  "    g: 7\n"
	  "    h: 8\n"
	  "    ports2: [\"{+127.0.0.1:+}81:81\"]\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -1,6 +1,6 @@\n"
	  " services:\n"
	  "   web:\n"
	  "-    ports: [\"80:80\"]\n"
	  "+    ports: [\"127.0.0.1:80:80\"]\n"
	  "     a: 1\n"
	  "     b: 2\n"
	  "     c: 3\n"
	  "@@ -9,4 +9,4 @@ services:\n"
	  "     f: 6\n"
	  "     g: 7\n"
	  "     h: 8\n"
	  "-    ports2: [\"81:81\"]\n"
	  "+    ports2: [\"127.0.0.1:81:81\"]\n" },
	{ "funcname from the nearest top-level key", "compose.yml",
	  "x-common: &c\n"
	  "  restart: always\n"
	  "services:\n"
	  "  web:\n"
	  "    a: 1\n"
	  "    b: 2\n"
	  "    c: 3\n"
	  "    ports: [\"{+127.0.0.1:+}80:80\"]\n",
	  "--- a/compose.yml\n"
	  "+++ b/compose.yml\n"
	  "@@ -5,4 +5,4 @@ services:\n"
	  "     a: 1\n"
	  "     b: 2\n"
	  "     c: 3\n"
	  "-    ports: [\"80:80\"]\n"
	  "+    ports: [\"127.0.0.1:80:80\"]\n" },
};
/* clang-format on */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The old and new text of a case, and its edits (ins points into tmpl). */
struct parsed {
	struct buf old;
	struct buf new;
	struct edit e[MAX_EDITS];
	size_t n;
};

static void parsed_init(struct parsed *p, const char *tmpl)
{
	buf_init(&p->old);
	buf_init(&p->new);
	p->n = 0;
	ck_assert_int_eq(buf_adds(&p->old, ""), 0);
	ck_assert_int_eq(buf_adds(&p->new, ""), 0);
	for (const char *s = tmpl; *s;) {
		if (strncmp(s, "[-", 2) != 0 && strncmp(s, "{+", 2) != 0) {
			ck_assert_int_eq(buf_addc(&p->old, *s), 0);
			ck_assert_int_eq(buf_addc(&p->new, *s), 0);
			s++;
			continue;
		}
		ck_assert_uint_lt(p->n, MAX_EDITS);
		struct edit *e = &p->e[p->n++];
		e->off = p->old.len;
		e->del = 0;
		e->ins = "";
		e->ins_len = 0;
		if (strncmp(s, "[-", 2) == 0) {
			const char *end = strstr(s + 2, "-]");
			ck_assert_ptr_nonnull(end);
			e->del = (size_t)(end - s - 2);
			ck_assert_int_eq(buf_add(&p->old, s + 2, e->del), 0);
			s = end + 2;
		}
		if (strncmp(s, "{+", 2) == 0) {
			const char *end = strstr(s + 2, "+}");
			ck_assert_ptr_nonnull(end);
			e->ins = s + 2;
			e->ins_len = (size_t)(end - s - 2);
			ck_assert_int_eq(buf_add(&p->new, e->ins, e->ins_len),
					 0);
			s = end + 2;
		}
	}
}

static void parsed_release(struct parsed *p)
{
	buf_release(&p->old);
	buf_release(&p->new);
}

/* The diff of a case, with the edits handed over in reverse order. */
static void case_diff(const struct ucase *c, struct parsed *p, struct buf *out)
{
	struct edit rev[MAX_EDITS];
	for (size_t i = 0; i < p->n; i++) {
		rev[i] = p->e[p->n - 1 - i];
	}
	struct edit before[MAX_EDITS];
	memcpy(before, rev, sizeof(rev));
	ck_assert_int_eq(udiff_write(out, c->path, p->old.data, p->old.len,
				     p->new.data, p->new.len, rev, p->n),
			 0);
	/* the caller's list is left alone */
	ck_assert_mem_eq(before, rev, p->n * sizeof(*rev));
}

START_TEST(test_table)
{
	const struct ucase *c = &cases[_i];
	struct parsed p;
	struct buf out;
	struct buf applied;

	parsed_init(&p, c->tmpl);
	buf_init(&out);
	buf_init(&applied);
	/* the template's new text is the edits applied */
	ck_assert_int_eq(edit_sort_check(p.e, p.n, p.old.len), 0);
	ck_assert_int_eq(edit_apply(p.old.data, p.old.len, p.e, p.n, &applied),
			 0);
	ck_assert_uint_eq(applied.len, p.new.len);
	ck_assert_mem_eq(applied.data, p.new.data, p.new.len);

	ck_assert_int_eq(buf_adds(&out, "before|"), 0);
	case_diff(c, &p, &out);
	ck_assert_mem_eq(out.data, "before|", 7);
	ck_assert_msg(out.len - 7 == strlen(c->want) &&
			      memcmp(out.data + 7, c->want, out.len - 7) == 0,
		      "%s: got\n%s\nwant\n%s", c->name, out.data + 7, c->want);
	buf_release(&applied);
	buf_release(&out);
	parsed_release(&p);
}
END_TEST

START_TEST(test_no_edits)
{
	struct buf out;
	buf_init(&out);
	ck_assert_int_eq(
		udiff_write(&out, "compose.yml", "a\n", 2, "a\n", 2, NULL, 0),
		0);
	ck_assert_uint_eq(out.len, 0);
	buf_release(&out);
}
END_TEST

/* Edits that do not produce new_text, or cannot apply: nothing written. */
START_TEST(test_bad_input)
{
	static const char old[] = "a: 1\nb: 2\n";
	static const char new[] = "a: 1\nb: 22\n";
	struct edit good = { 8, 0, "2", 1 };
	struct edit wrong_text = { 8, 0, "3", 1 };
	struct edit wrong_place = { 7, 0, "2", 1 };
	struct edit past_end = { 11, 0, "2", 1 };
	struct edit overlap[] = { { 6, 2, "x", 1 }, { 7, 0, "y", 1 } };
	struct {
		const struct edit *e;
		size_t n;
		size_t new_len;
	} bad[] = {
		{ &wrong_text, 1, sizeof(new) - 1 },
		{ &wrong_place, 1, sizeof(new) - 1 },
		{ &past_end, 1, sizeof(new) - 1 },
		{ overlap, 2, sizeof(new) - 1 },
		{ &good, 1, sizeof(new) - 2 }, /* new_text cut short */
	};
	struct buf out;
	buf_init(&out);
	ck_assert_int_eq(buf_adds(&out, "kept"), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_int_eq(
			udiff_write(&out, "c.yml", old, sizeof(old) - 1, new,
				    bad[i].new_len, bad[i].e, bad[i].n),
			-1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_uint_eq(out.len, 4);
		ck_assert_str_eq(out.data, "kept");
	}
	ck_assert_int_eq(udiff_write(&out, "c.yml", old, sizeof(old) - 1, new,
				     sizeof(new) - 1, &good, 1),
			 0);
	ck_assert_ptr_nonnull(strstr(out.data, "+b: 22\n"));
	buf_release(&out);
}
END_TEST

/*
 * The comparisons with git run git and patch(1) in a scratch directory,
 * with no user or system configuration, and no repository around.
 */
struct scratch {
	char dir[PATH_MAX];
};

static void scratch_init(struct scratch *s)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(s->dir, sizeof(s->dir), "%s/composefix-udiff.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
	ck_assert(n > 0 && (size_t)n < sizeof(s->dir));
	ck_assert_ptr_nonnull(mkdtemp(s->dir));
}

/* out = the scratch directory / dir [/ rel] */
static void scratch_path(const struct scratch *s, char *out, size_t size,
			 const char *dir, const char *rel)
{
	int n = rel ? snprintf(out, size, "%s/%s/%s", s->dir, dir, rel)
		    : snprintf(out, size, "%s/%s", s->dir, dir);
	ck_assert(n > 0 && (size_t)n < size);
}

/*
 * Runs argv in dir (relative to s), its stdout into *out when out is not
 * NULL. Returns the exit status, -1 when it did not exit.
 */
static int run(const struct scratch *s, const char *dir,
	       const char *const argv[], struct buf *out)
{
	char path[PATH_MAX];
	int fd[2];

	scratch_path(s, path, sizeof(path), dir, NULL);
	ck_assert_int_eq(pipe(fd), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fd[0]);
		int null = open("/dev/null", O_RDWR);
		if (null < 0 || chdir(path) < 0 || dup2(null, 0) < 0 ||
		    dup2(fd[1], 1) < 0) {
			_exit(127);
		}
		static const char *const drop[] = {
			"GIT_DIR",
			"GIT_WORK_TREE",
			"GIT_INDEX_FILE",
			"GIT_PREFIX",
			"GIT_EXTERNAL_DIFF",
			"GIT_DIFF_OPTS",
			"GIT_CONFIG_PARAMETERS",
			"GIT_CONFIG_COUNT",
			"POSIXLY_CORRECT",
			"PATCH_VERSION_CONTROL",
			"VERSION_CONTROL",
			"SIMPLE_BACKUP_SUFFIX",
		};
		for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++) {
			unsetenv(drop[i]);
		}
		setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
		setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
		setenv("HOME", s->dir, 1);
		setenv("XDG_CONFIG_HOME", s->dir, 1);
		setenv("GIT_CEILING_DIRECTORIES", s->dir, 1);
		setenv("LC_ALL", "C", 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	struct buf sink;
	buf_init(&sink);
	ck_assert_int_eq(buf_read_fd(out ? out : &sink, fd[0], 1 << 24), 0);
	buf_release(&sink);
	close(fd[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void scratch_release(struct scratch *s)
{
	const char *argv[] = { "rm", "-rf", "--", s->dir, NULL };
	ck_assert_int_eq(run(s, "", argv, NULL), 0);
}

/* Writes data to dir/rel under the scratch directory, making directories. */
static void file_put(const struct scratch *s, const char *dir, const char *rel,
		     const char *data, size_t len)
{
	char path[PATH_MAX];
	scratch_path(s, path, sizeof(path), dir, rel);
	for (char *p = path + strlen(s->dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			ck_assert(mkdir(path, 0755) == 0 || errno == EEXIST);
			*p = '/';
		}
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert(len == 0 || write(fd, data, len) == (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

static void file_get(const struct scratch *s, const char *dir, const char *rel,
		     struct buf *out)
{
	char path[PATH_MAX];
	scratch_path(s, path, sizeof(path), dir, rel);
	int fd = open(path, O_RDONLY);
	ck_assert_msg(fd >= 0, "cannot open %s", path);
	buf_truncate(out, 0);
	ck_assert_int_eq(buf_read_fd(out, fd, 1 << 24), 0);
	close(fd);
}

/* What `git diff` shows for old -> new at path, from the "---" line on. */
static void git_diff(const struct scratch *s, const char *path,
		     const struct buf *old, const struct buf *new,
		     struct buf *out)
{
	char a[PATH_MAX];
	char b[PATH_MAX];
	ck_assert_int_lt(snprintf(a, sizeof(a), "a/%s", path), sizeof(a));
	ck_assert_int_lt(snprintf(b, sizeof(b), "b/%s", path), sizeof(b));
	file_put(s, "", a, old->data, old->len);
	file_put(s, "", b, new->data, new->len);
	const char *argv[] = { "git",
			       "diff",
			       "--no-index",
			       "--no-prefix",
			       "--no-color",
			       "--no-ext-diff",
			       a,
			       b,
			       NULL };
	struct buf raw;
	buf_init(&raw);
	int rc = run(s, "", argv, &raw);
	ck_assert_msg(rc == 0 || rc == 1, "git diff exited with %d", rc);
	/* "diff --git" and "index" come before; we print from "---" */
	const char *p = raw.data ? raw.data : "";
	while (*p && strncmp(p, "--- ", 4) != 0) {
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	buf_truncate(out, 0);
	ck_assert_int_eq(buf_adds(out, p), 0);
	buf_release(&raw);
}

/* git apply and patch -p1 both turn old into new with the diff. */
static void check_apply(const struct scratch *s, const char *name,
			const char *path, const struct buf *old,
			const struct buf *new, const struct buf *diff)
{
	static const char *const tools[][8] = {
		{ "git", "apply", "--whitespace=nowarn", "../patch.diff",
		  NULL },
		{ "patch", "-p1", "-s", "-f", "--no-backup-if-mismatch", "-i",
		  "../patch.diff", NULL },
	};
	struct buf got;
	buf_init(&got);
	file_put(s, "", "patch.diff", diff->data, diff->len);
	for (size_t t = 0; t < 2; t++) {
		file_put(s, "tree", path, old->data, old->len);
		ck_assert_msg(run(s, "tree", tools[t], NULL) == 0,
			      "%s: %s refused the diff:\n%s", name, tools[t][0],
			      diff->data);
		file_get(s, "tree", path, &got);
		ck_assert_msg(
			got.len == new->len &&
				(got.len == 0 ||
				 memcmp(got.data, new->data, got.len) == 0),
			"%s: %s made something else from\n%s\nold:\n%s\n"
			"new:\n%s\ngot:\n%s",
			name, tools[t][0], diff->data,
			old->data ? old->data : "", new->data ? new->data : "",
			got.data ? got.data : "");
	}
	buf_release(&got);
}

START_TEST(test_git)
{
	const struct ucase *c = &cases[_i];
	struct scratch s;
	struct parsed p;
	struct buf mine;
	struct buf git;

	scratch_init(&s);
	parsed_init(&p, c->tmpl);
	buf_init(&mine);
	buf_init(&git);
	case_diff(c, &p, &mine);
	git_diff(&s, c->path, &p.old, &p.new, &git);
	ck_assert_msg(git.len == mine.len &&
			      memcmp(git.data, mine.data ? mine.data : "",
				     git.len) == 0,
		      "%s: git diff shows\n%s\nwe show\n%s", c->name, git.data,
		      mine.data ? mine.data : "");
	if (mine.len > 0) {
		check_apply(&s, c->name, c->path, &p.old, &p.new, &mine);
	}
	buf_release(&git);
	buf_release(&mine);
	parsed_release(&p);
	scratch_release(&s);
}
END_TEST

/*
 * Random splices into compose-like texts full of repeated and blank lines
 * (where a diff has choices to make), against git. Deterministic: the
 * generator is seeded per test.
 */
static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static size_t rng_below(uint64_t *x, size_t n)
{
	return n ? (size_t)(rng_next(x) % n) : 0;
}

/* clang-format off */
static const char *const pool_lines[] = {
	"services:\n", "  db:\n", "    image: mysql\n", "    ports:\n",
	"      - \"3306:3306\"\n", "      - 80:80\n", "\n", "  web:\n",
	"a\n", "a\n", "    - x\n", "  \n", "\tx\n", "}\n", "line\r\n",
	"x-common: &c\n", "_under: 1\n", "$dollar: 1\n",
	/* a funcname candidate longer than git keeps */
	("long-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaa: 1  \n"),
};
/* clang-format on */

/* clang-format off */
static const char *const pool_ins[] = {
	"127.0.0.1:", "\n", "x", "      host_ip: 127.0.0.1\n", "a\n", "\r\n",
	"  ", "\"", "b\nc", "services:\n", "\n\n", "    - x\n", "",
};
/* clang-format on */

/* fewer under memcheck, where every spawn of git is slow */
#define RANDOM_CASES	      100
#define RANDOM_CASES_VALGRIND 25

START_TEST(test_random)
{
	struct scratch s;
	struct buf old;
	struct buf new;
	struct buf mine;
	uint64_t x = 0x9e3779b97f4a7c15u;

	scratch_init(&s);
	buf_init(&old);
	buf_init(&new);
	buf_init(&mine);
	int rounds = getenv("COMPOSEFIX_VALGRIND") ? RANDOM_CASES_VALGRIND
						   : RANDOM_CASES;
	for (int round = 0; round < rounds; round++) {
		buf_truncate(&old, 0);
		size_t lines = rng_below(&x, 40);
		for (size_t i = 0; i < lines; i++) {
			const char *l = pool_lines[rng_below(
				&x,
				sizeof(pool_lines) / sizeof(pool_lines[0]))];
			ck_assert_int_eq(buf_adds(&old, l), 0);
		}
		if (old.len > 0 && rng_below(&x, 4) == 0) {
			buf_truncate(&old, old.len - 1); /* no final newline */
		}
		struct edit e[6];
		size_t n = 0;
		size_t pos = 0;
		size_t want = 1 + rng_below(&x, 6);
		for (size_t k = 0; k < want; k++) {
			size_t off = pos + rng_below(&x, old.len - pos + 1);
			size_t del = rng_below(&x, 4) == 0
					     ? rng_below(&x, old.len - off + 1)
					     : 0;
			if (del > 12) {
				del = 12;
			}
			const char *ins = pool_ins[rng_below(
				&x, sizeof(pool_ins) / sizeof(pool_ins[0]))];
			if (n > 0 && e[n - 1].off == off && del > 0) {
				continue; /* only insertions may share an offset
					   */
			}
			e[n++] = (struct edit){ off, del, ins, strlen(ins) };
			pos = off + del;
		}
		ck_assert_int_eq(edit_sort_check(e, n, old.len), 0);
		buf_truncate(&new, 0);
		ck_assert_int_eq(edit_apply(old.data ? old.data : "", old.len,
					    e, n, &new),
				 0);
		buf_truncate(&mine, 0);
		ck_assert_int_eq(udiff_write(&mine, "compose.yml",
					     old.data ? old.data : "", old.len,
					     new.data, new.len, e, n),
				 0);
		/* lines the edits touch are shown as changed, so the diff may
		 * line up repeated lines unlike git's search; what matters is
		 * that git apply and patch rebuild the new bytes from it */
		ck_assert_msg(mine.len > 0 || new.len == old.len,
			      "round %d: no diff for a change", round);
		if (mine.len > 0) {
			check_apply(&s, "random", "compose.yml", &old, &new,
				    &mine);
		}
	}
	buf_release(&mine);
	buf_release(&new);
	buf_release(&old);
	scratch_release(&s);
}
END_TEST

/* udiff_name: header names git apply and patch -p1 accept. */
static const struct {
	const char *path, *cwd, *want;
	int rc;
} names[] = {
	{ "compose.yaml", NULL, "compose.yaml", 0 },
	{ "./compose.yaml", NULL, "compose.yaml", 0 },
	{ "././sub//dir/./compose.yaml", NULL, "sub/dir/compose.yaml", 0 },
	{ "sub/../x.yml", NULL, "x.yml", 0 },
	{ "sub/", NULL, "sub", 0 },
	{ "/srv/app/compose.yaml", "/srv/app", "compose.yaml", 0 },
	{ "/srv/app/sub/compose.yaml", "/srv/app/", "sub/compose.yaml", 0 },
	{ "//srv//app/./compose.yaml", "/srv/app", "compose.yaml", 0 },
	{ "/srv/app/compose.yaml", "/srv/application", "srv/app/compose.yaml",
	  1 },
	{ "/srv/app/compose.yaml", "/home/me", "srv/app/compose.yaml", 1 },
	{ "/srv/app/compose.yaml", NULL, "srv/app/compose.yaml", 1 },
	{ "/compose.yaml", "/", "compose.yaml", 0 },
	{ "../app/compose.yaml", "/srv/app", "compose.yaml", 0 },
	{ "../other/compose.yaml", "/srv/app", "srv/other/compose.yaml", 1 },
	{ "sub/../../x.yml", "/srv/app", "srv/x.yml", 1 },
	{ "../../../../x.yml", "/srv/app", "x.yml", 1 },
	{ "../x.yml", NULL, "../x.yml", 0 },
};

START_TEST(test_name)
{
	struct buf b;
	buf_init(&b);
	ck_assert_int_eq(buf_adds(&b, "keep:"), 0);
	int rc = udiff_name(&b, names[_i].path, names[_i].cwd);
	ck_assert_msg(rc == names[_i].rc, "%s in %s: rc %d", names[_i].path,
		      names[_i].cwd ? names[_i].cwd : "(null)", rc);
	ck_assert_str_eq(b.data + 5, names[_i].want);
	ck_assert(strncmp(b.data, "keep:", 5) == 0);
	buf_release(&b);
}
END_TEST

static Suite *udiff_suite(void)
{
	Suite *s = suite_create("udiff");
	TCase *tc = tcase_create("table");
	tcase_add_loop_test(tc, test_table, 0, COUNT(cases));
	tcase_add_test(tc, test_no_edits);
	tcase_add_test(tc, test_bad_input);
	tcase_add_loop_test(tc, test_name, 0, COUNT(names));
	suite_add_tcase(s, tc);

	tc = tcase_create("git");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_git, 0, COUNT(cases));
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(udiff_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
