#include "shellcmd.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "edit.h"
#include "source.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One text: what the analysis must find (the kinds of its findings, in
 * order, joined by spaces) and what the fixed text must be (NULL: the
 * same as the input).
 */
struct tcase {
	const char *name;
	enum shellcmd_dialect dialect;
	const char *in;
	const char *kinds;
	const char *out;
	const char *bind2; /* a second --bind address, or NULL */
	bool fix_explicit;
};

/* clang-format off */
static const struct tcase cases[] = {
	/* The forms of the issue. */
	{ "plain", SHELLCMD_SH, "docker run -p 3306:3306 mysql\n", "unbound",
	  "docker run -p 127.0.0.1:3306:3306 mysql\n", NULL, false },
	{ "container only", SHELLCMD_SH, "docker run -p 3000 img\n",
	  "container-only", "docker run -p 127.0.0.1::3000 img\n", NULL,
	  false },
	{ "long with = and quotes", SHELLCMD_SH,
	  "docker run --publish=\"8080:80\" nginx\n", "unbound",
	  "docker run --publish=\"127.0.0.1:8080:80\" nginx\n", NULL, false },
	{ "long, value in the next word", SHELLCMD_SH,
	  "docker run --publish 8080:80 nginx\n", "unbound",
	  "docker run --publish 127.0.0.1:8080:80 nginx\n", NULL, false },
	{ "variable host port in quotes", SHELLCMD_SH,
	  "docker run -p \"$PORT:80\" nginx\n", "unbound",
	  "docker run -p \"127.0.0.1:$PORT:80\" nginx\n", NULL, false },
	{ "braced variables", SHELLCMD_SH,
	  "docker run -p ${P}:${P} img\n", "unbound",
	  "docker run -p 127.0.0.1:${P}:${P} img\n", NULL, false },
	{ "glued -pSPEC", SHELLCMD_SH, "docker run -p8000:8000 img\n",
	  "unbound", "docker run -p127.0.0.1:8000:8000 img\n", NULL, false },
	{ "-p=SPEC", SHELLCMD_SH, "docker run -p=8000:8000 img\n", "unbound",
	  "docker run -p=127.0.0.1:8000:8000 img\n", NULL, false },
	{ "combined -dp", SHELLCMD_SH, "docker run -dp 80:80 img\n",
	  "unbound", "docker run -dp 127.0.0.1:80:80 img\n", NULL, false },
	{ "combined -itp", SHELLCMD_SH, "docker run -itp 80:80 img\n",
	  "unbound", "docker run -itp 127.0.0.1:80:80 img\n", NULL, false },
	{ "combined and glued -dp80:80", SHELLCMD_SH,
	  "docker run -dp80:80 img\n", "unbound",
	  "docker run -dp127.0.0.1:80:80 img\n", NULL, false },
	{ "after the image: the container's", SHELLCMD_SH,
	  "docker run img -p 80:80\n", "", NULL, NULL, false },
	{ "after --", SHELLCMD_SH, "docker run --rm -- img -p 80:80\n", "",
	  NULL, NULL, false },
	{ "value options skipped", SHELLCMD_SH,
	  "docker run -e A=1 -v /a:/b -w /x -u 1 -h h -l a=b -m 1g -a stdout "
	  "-c 2 --name n --network net -p 1:1 img\n", "unbound",
	  "docker run -e A=1 -v /a:/b -w /x -u 1 -h h -l a=b -m 1g -a stdout "
	  "-c 2 --name n --network net -p 127.0.0.1:1:1 img\n", NULL, false },
	{ "a value that looks like -p", SHELLCMD_SH,
	  "docker run -e -p -p 2:2 img\n", "unbound",
	  "docker run -e -p -p 127.0.0.1:2:2 img\n", NULL, false },
	{ "bound", SHELLCMD_SH, "docker run -p 127.0.0.1:80:80 img\n",
	  "bound", NULL, NULL, false },
	{ "explicit wildcard kept", SHELLCMD_SH,
	  "docker run -p 0.0.0.0:80:80 img\n", "explicit-wildcard", NULL,
	  NULL, false },
	{ "explicit wildcard fixed", SHELLCMD_SH,
	  "docker run -p 0.0.0.0:80:80 img\n", "explicit-wildcard",
	  "docker run -p 127.0.0.1:80:80 img\n", NULL, true },
	{ "variable address", SHELLCMD_SH,
	  "docker run -p \"$IP:80:80\" img\n", "variable", NULL, NULL, false },
	{ "wholly a variable", SHELLCMD_SH, "docker run -p $PORTS img\n",
	  "undecidable", NULL, NULL, false },
	{ "an array", SHELLCMD_SH, "docker run -p \"${args[@]}\" img\n",
	  "undecidable", NULL, NULL, false },
	{ "invalid", SHELLCMD_SH, "docker run -p 80:80:80:x img\n",
	  "invalid", NULL, NULL, false },
	{ "-P", SHELLCMD_SH, "docker run -d -P mysql\n", "publish-all", NULL,
	  NULL, false },
	{ "combined -dP", SHELLCMD_SH, "docker run -dP mysql\n",
	  "publish-all", NULL, NULL, false },
	{ "--publish-all", SHELLCMD_SH, "docker run --publish-all mysql\n",
	  "publish-all", NULL, NULL, false },
	{ "swarm", SHELLCMD_SH,
	  "docker service create --name w -p 80:80 nginx\n"
	  "docker service create --publish published=8080,target=80 nginx\n",
	  "swarm swarm", NULL, NULL, false },
	/* Commands and prefixes. */
	{ "create, container run, podman, nerdctl", SHELLCMD_SH,
	  "docker create -p 1:1 a\ndocker container run -p 2:2 a\n"
	  "podman run -p 3:3 a\nnerdctl run -p 4:4 a\n"
	  "podman pod create -p 5:5\n",
	  "unbound unbound unbound unbound unbound",
	  "docker create -p 127.0.0.1:1:1 a\n"
	  "docker container run -p 127.0.0.1:2:2 a\n"
	  "podman run -p 127.0.0.1:3:3 a\nnerdctl run -p 127.0.0.1:4:4 a\n"
	  "podman pod create -p 127.0.0.1:5:5\n", NULL, false },
	{ "compose run and its -p project name", SHELLCMD_SH,
	  "docker compose -p proj run -p 1:1 web\n"
	  "docker-compose -f x.yml run --publish 2:2 web\n",
	  "unbound unbound",
	  "docker compose -p proj run -p 127.0.0.1:1:1 web\n"
	  "docker-compose -f x.yml run --publish 127.0.0.1:2:2 web\n", NULL,
	  false },
	{ "global options", SHELLCMD_SH,
	  "docker --context x run -p 1:1 a\ndocker -H tcp://h:2375 run -p 2:2 a\n",
	  "unbound unbound",
	  "docker --context x run -p 127.0.0.1:1:1 a\n"
	  "docker -H tcp://h:2375 run -p 127.0.0.1:2:2 a\n", NULL, false },
	{ "prefixes", SHELLCMD_SH,
	  "sudo -E -u root docker run -p 1:1 a\nexec docker run -p 2:2 a\n"
	  "command docker run -p 3:3 a\nnohup docker run -p 4:4 a &\n"
	  "time docker run -p 5:5 a\nenv A=1 docker run -p 6:6 a\n"
	  "A=1 B=2 /usr/bin/docker run -p 7:7 a\n",
	  "unbound unbound unbound unbound unbound unbound unbound",
	  "sudo -E -u root docker run -p 127.0.0.1:1:1 a\n"
	  "exec docker run -p 127.0.0.1:2:2 a\n"
	  "command docker run -p 127.0.0.1:3:3 a\n"
	  "nohup docker run -p 127.0.0.1:4:4 a &\n"
	  "time docker run -p 127.0.0.1:5:5 a\n"
	  "env A=1 docker run -p 127.0.0.1:6:6 a\n"
	  "A=1 B=2 /usr/bin/docker run -p 127.0.0.1:7:7 a\n", NULL, false },
	{ "compound commands", SHELLCMD_SH,
	  "if true; then docker run -p 1:1 a; fi\n"
	  "for i in 1; do docker run -p 2:2 a; done\n"
	  "f() { docker run -p 3:3 a; }\n"
	  "true && docker run -p 4:4 a || docker run -p 5:5 a | cat\n"
	  "x=$(docker run -d -p 6:6 a)\ny=`docker run -p 7:7 a`\n",
	  "unbound unbound unbound unbound unbound unbound unbound",
	  "if true; then docker run -p 127.0.0.1:1:1 a; fi\n"
	  "for i in 1; do docker run -p 127.0.0.1:2:2 a; done\n"
	  "f() { docker run -p 127.0.0.1:3:3 a; }\n"
	  "true && docker run -p 127.0.0.1:4:4 a || docker run -p "
	  "127.0.0.1:5:5 a | cat\n"
	  "x=$(docker run -d -p 127.0.0.1:6:6 a)\n"
	  "y=`docker run -p 127.0.0.1:7:7 a`\n", NULL, false },
	{ "continuations", SHELLCMD_SH,
	  "docker run \\\n  -p 80:80 \\\n  -p \"443:443\" \\\n  nginx\n",
	  "unbound unbound",
	  "docker run \\\n  -p 127.0.0.1:80:80 \\\n  -p \"127.0.0.1:443:443\" "
	  "\\\n  nginx\n", NULL, false },
	{ "single quotes", SHELLCMD_SH, "docker run -p '80:80' a\n", "unbound",
	  "docker run -p '127.0.0.1:80:80' a\n", NULL, false },
	/* Nothing else is a command. */
	{ "traps", SHELLCMD_SH,
	  "echo \"docker run -p 80:80 a\"\n# docker run -p 80:80 a\n"
	  "mkdir -p /x\nssh -p 22 h\ncat <<EOF\ndocker run -p 80:80 a\nEOF\n"
	  "docker ps -p 80:80\n",
	  "", NULL, NULL, false },
	{ "ignore comment above", SHELLCMD_SH,
	  "# composefix: ignore\ndocker run -p 80:80 a\n"
	  "docker run -p 81:81 a # composefix: ignore\n"
	  "docker run -p 82:82 a\n",
	  "suppressed suppressed unbound",
	  "# composefix: ignore\ndocker run -p 80:80 a\n"
	  "docker run -p 81:81 a # composefix: ignore\n"
	  "docker run -p 127.0.0.1:82:82 a\n", NULL, false },
	/* Dual stack and brackets. */
	{ "dual stack", SHELLCMD_SH, "docker run -p 80:80 a\n",
	  "unbound", "docker run -p 127.0.0.1:80:80 -p \"[::1]:80:80\" a\n",
	  "::1", false },
	{ "dual stack, quoted value", SHELLCMD_SH,
	  "docker run --publish=\"$P:80\" a\n", "unbound",
	  "docker run --publish=\"127.0.0.1:$P:80\" -p \"[::1]:$P:80\" a\n",
	  "::1", false },
	/* Variables naming the CLI. */
	{ "a variable naming docker", SHELLCMD_SH,
	  "DOCKER=podman\n$DOCKER run -p 1:1 a\n${DOCKER_CMD} run -p 2:2 a\n",
	  "unbound unbound",
	  "DOCKER=podman\n$DOCKER run -p 127.0.0.1:1:1 a\n"
	  "${DOCKER_CMD} run -p 127.0.0.1:2:2 a\n", NULL, false },
	/* make recipes. */
	{ "make escapes", SHELLCMD_MAKE,
	  "docker run -p $(HOST_PORT):80 -p $$P:81 -p \"$${IP:-127.0.0.1}:82:82\" a\n",
	  "unbound unbound variable",
	  "docker run -p 127.0.0.1:$(HOST_PORT):80 -p 127.0.0.1:$$P:81 -p "
	  "\"$${IP:-127.0.0.1}:82:82\" a\n", NULL, false },
	{ "make variable naming docker", SHELLCMD_MAKE,
	  "$(DOCKER) run -p 1:1 a\n", "unbound",
	  "$(DOCKER) run -p 127.0.0.1:1:1 a\n", NULL, false },
	/* Console sessions. */
	{ "console prompts", SHELLCMD_CONSOLE,
	  "$ docker run -p 80:80 nginx\nCONTAINER ID   PORTS\n"
	  "abc   0.0.0.0:8080->80/tcp docker run -p 1:1\n"
	  "# docker run \\\n> -p 81:81 a\n",
	  "unbound unbound",
	  "$ docker run -p 127.0.0.1:80:80 nginx\nCONTAINER ID   PORTS\n"
	  "abc   0.0.0.0:8080->80/tcp docker run -p 1:1\n"
	  "# docker run \\\n> -p 127.0.0.1:81:81 a\n", NULL, false },
};
/* clang-format on */

static void kinds_of(const struct shellcmd *sc, struct buf *b)
{
	buf_truncate(b, 0);
	buf_adds(b, "");
	for (size_t i = 0; i < sc->n; i++) {
		if (i > 0) {
			buf_addc(b, ' ');
		}
		buf_adds(b, shellcmd_kind_name(sc->v[i].kind));
	}
}

static void apply(const struct shellcmd *sc, const char *in, struct buf *out)
{
	struct edit *e = calloc(sc->nedits + 1, sizeof(*e));
	ck_assert_ptr_nonnull(e);
	if (sc->nedits > 0) {
		memcpy(e, sc->edits, sc->nedits * sizeof(*e));
	}
	ck_assert_int_eq(edit_sort_check(e, sc->nedits, strlen(in)), 0);
	buf_truncate(out, 0);
	ck_assert_int_eq(edit_apply(in, strlen(in), e, sc->nedits, out), 0);
	if (!out->data) {
		buf_adds(out, "");
	}
	free(e);
}

START_TEST(test_cases)
{
	const struct tcase *t = &cases[_i];
	const char *binds[2] = { "127.0.0.1", t->bind2 };
	struct shellcmd_opts o = { 0 };
	o.binds = binds;
	o.nbinds = t->bind2 ? 2 : 1;
	o.fix_explicit = t->fix_explicit;
	struct source src, nsrc;
	struct shellcmd_seg seg = { 0, strlen(t->in) };
	struct shellcmd_input in = { &src, &seg, 1, t->dialect };
	struct shellcmd sc, sc2;
	struct buf kinds, out;

	buf_init(&kinds);
	buf_init(&out);
	source_init(&src, t->in, strlen(t->in));
	shellcmd_init(&sc);
	ck_assert_int_eq(shellcmd_analyze(&sc, &in, &o), 0);
	kinds_of(&sc, &kinds);
	ck_assert_str_eq(kinds.data, t->kinds);
	apply(&sc, t->in, &out);
	ck_assert_str_eq(out.data, t->out ? t->out : t->in);

	/* The change is proven, and a second run changes nothing. */
	struct shellcmd_seg nseg = { 0, out.len };
	struct shellcmd_input nin = { &nsrc, &nseg, 1, t->dialect };
	struct shellcmd_error err;
	source_init(&nsrc, out.data, out.len);
	ck_assert_msg(shellcmd_verify(&sc, 0, &in, &nin, &err) == 0,
		      "%u:%u: %s", err.line, err.col, err.msg);
	shellcmd_init(&sc2);
	ck_assert_int_eq(shellcmd_analyze(&sc2, &nin, &o), 0);
	ck_assert_uint_eq(sc2.nedits, 0);
	/* Dual stack: each fixed option is two now. */
	ck_assert_uint_eq(sc2.n, sc.n + (t->bind2 ? sc.nexpect : 0));

	shellcmd_release(&sc2);
	shellcmd_release(&sc);
	source_release(&src);
	source_release(&nsrc);
	buf_release(&kinds);
	buf_release(&out);
}
END_TEST

/* Each finding names its command and where its option starts. */
START_TEST(test_finding_fields)
{
	const char *text =
		"set -e\n  sudo docker run -d \\\n   -p \"8080:80\" x\n";
	struct source src;
	struct shellcmd_seg seg = { 0, strlen(text) };
	struct shellcmd_input in = { &src, &seg, 1, SHELLCMD_SH };
	struct shellcmd_opts o = { 0 };
	struct shellcmd sc;

	source_init(&src, text, strlen(text));
	shellcmd_init(&sc);
	ck_assert_int_eq(shellcmd_analyze(&sc, &in, &o), 0);
	ck_assert_uint_eq(sc.n, 1);
	ck_assert_str_eq(sc.v[0].command, "docker run");
	unsigned line, col;
	ck_assert_int_eq(source_pos(&src, sc.v[0].off, &line, &col), 0);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, 4);
	ck_assert_str_eq(sc.v[0].value, "8080:80");
	ck_assert_str_eq(sc.v[0].fixed, "127.0.0.1:8080:80");
	ck_assert_uint_eq(sc.v[0].cmd_off, 14);
	ck_assert_uint_eq(text[sc.v[0].value_off], '"');
	ck_assert_uint_eq(sc.v[0].value_end - sc.v[0].value_off, 9);
	ck_assert_uint_eq(sc.v[0].nedits, 1);
	shellcmd_release(&sc);
	source_release(&src);
}
END_TEST

/* -P's value is the option word; dual-stack's copy has its own value. */
START_TEST(test_values)
{
	const char *text = "docker run -dP -p 8080:80 x\n";
	const char *binds[] = { "127.0.0.1", "::1" };
	struct source src;
	struct shellcmd_seg seg = { 0, strlen(text) };
	struct shellcmd_input in = { &src, &seg, 1, SHELLCMD_SH };
	struct shellcmd_opts o = { 0 };
	struct shellcmd sc;

	o.binds = binds;
	o.nbinds = 2;
	source_init(&src, text, strlen(text));
	shellcmd_init(&sc);
	ck_assert_int_eq(shellcmd_analyze(&sc, &in, &o), 0);
	ck_assert_uint_eq(sc.n, 2);
	ck_assert_int_eq(sc.v[0].kind, SHELLCMD_PUBLISH_ALL);
	ck_assert_str_eq(sc.v[0].value, "-dP");
	ck_assert_ptr_null(sc.v[0].fixed);
	ck_assert_str_eq(sc.v[1].fixed, "127.0.0.1:8080:80");
	ck_assert_str_eq(sc.v[1].fixed_copy, "[::1]:8080:80");
	ck_assert_uint_eq(sc.v[1].nedits, 2);
	const struct edit *e = &sc.edits[sc.v[1].first_edit + 1];
	ck_assert_uint_eq(e->off, 25);
	ck_assert_int_eq(memcmp(e->ins, " -p \"[::1]:8080:80\"", e->ins_len),
			 0);
	shellcmd_release(&sc);
	source_release(&src);
}
END_TEST

/* Texts that cannot be lexed: where the trouble starts. */
static const struct {
	const char *in;
	unsigned line, col;
} bad[] = {
	{ "docker run -p '80:80 a\n", 1, 15 },
	{ "echo ok\ndocker run -p \"80:80 a\n", 2, 15 },
	{ "x=$(docker run -p 80:80 a\n", 1, 3 },
	{ "x=`docker run\n", 1, 3 },
	{ "echo ${x\n", 1, 6 },
};

START_TEST(test_lex_error)
{
	struct source src;
	struct shellcmd_seg seg = { 0, strlen(bad[_i].in) };
	struct shellcmd_input in = { &src, &seg, 1, SHELLCMD_SH };
	struct shellcmd_opts o = { 0 };
	struct shellcmd sc;

	source_init(&src, bad[_i].in, strlen(bad[_i].in));
	shellcmd_init(&sc);
	ck_assert_int_eq(shellcmd_analyze(&sc, &in, &o), 1);
	ck_assert_uint_eq(sc.error.line, bad[_i].line);
	ck_assert_uint_eq(sc.error.col, bad[_i].col);
	ck_assert_uint_eq(sc.n, 0);
	ck_assert_uint_eq(sc.nedits, 0);
	shellcmd_release(&sc);
	source_release(&src);
}
END_TEST

/* The verifier refuses any other change: each text, as it may not become
 * once fixed. */
static const struct {
	const char *text, *tampered;
} tampered[] = {
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80 b\n" },
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.2:80:80 a\n" },
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80 a b\n" },
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80\n" },
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80 a\nx\n" },
	{ "docker run -p 80:80 a\n", "docker run -p \"127.0.0.1:80:80 a\n" },
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80 'a'*\n" },
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80 a # c\n" },
	/* the same word, quoted otherwise: bytes a splice did not touch */
	{ "docker run -p 80:80 a\n", "docker run -p 127.0.0.1:80:80 'a'\n" },
	{ "docker run -p 80:80 a;\n", "docker run -p 127.0.0.1:80:80 a&\n" },
	{ "docker run -p 80:80 a # c\n",
	  "docker run -p 127.0.0.1:80:80 a # d\n" },
	/* around a substitution whose command is fixed: the word that holds
	 * it reads as before, or it is refused */
	{ "x=$(docker run -p 80:80 a)y\n",
	  "x=$(docker run -p 127.0.0.1:80:80 a)z\n" },
	{ "x=$(docker run -p 80:80 a)y\n",
	  "x=`docker run -p 127.0.0.1:80:80 a`y\n" },
	{ "x=$(docker run -p 80:80 a)y\n",
	  "x=$(docker run -p 127.0.0.1:80:80 b)y\n" },
	{ "x=\"$(docker run -p 80:80 a)\"\n",
	  "x=$(docker run -p 127.0.0.1:80:80 a)\n" },
};

START_TEST(test_verify_refuses)
{
	const char *text = tampered[_i].text;
	const char *nt = tampered[_i].tampered;
	struct source src, nsrc;
	struct shellcmd_seg seg = { 0, strlen(text) }, nseg = { 0, strlen(nt) };
	struct shellcmd_input in = { &src, &seg, 1, SHELLCMD_SH };
	struct shellcmd_input nin = { &nsrc, &nseg, 1, SHELLCMD_SH };
	struct shellcmd_opts o = { 0 };
	struct shellcmd_error err;
	struct shellcmd sc;
	struct buf out;

	buf_init(&out);
	source_init(&src, text, strlen(text));
	source_init(&nsrc, nt, strlen(nt));
	shellcmd_init(&sc);
	ck_assert_int_eq(shellcmd_analyze(&sc, &in, &o), 0);
	ck_assert_uint_eq(sc.nedits, 1);
	/* the fix itself is proven... */
	apply(&sc, text, &out);
	struct source fsrc;
	struct shellcmd_seg fseg = { 0, out.len };
	struct shellcmd_input fin = { &fsrc, &fseg, 1, SHELLCMD_SH };
	source_init(&fsrc, out.data, out.len);
	ck_assert_msg(shellcmd_verify(&sc, 0, &in, &fin, &err) == 0,
		      "%u:%u: %s", err.line, err.col, err.msg);
	/* ...and this other text is not */
	ck_assert_int_eq(shellcmd_verify(&sc, 0, &in, &nin, &err), 1);
	ck_assert_uint_ge(err.line, 1);
	shellcmd_release(&sc);
	source_release(&src);
	source_release(&nsrc);
	source_release(&fsrc);
	buf_release(&out);
}
END_TEST

/*
 * Segments: a text made of lines of a larger file (a Markdown block in a
 * block quote), offsets back into the file.
 */
START_TEST(test_segments)
{
	const char *file = "> ```sh\n> docker run \\\n>   -p 80:80 a\n> ```\n";
	const char *want =
		"> ```sh\n> docker run \\\n>   -p 127.0.0.1:80:80 a\n"
		"> ```\n";
	struct shellcmd_seg segs[] = { { 10, 13 }, { 25, 13 } };
	struct source src, nsrc;
	struct shellcmd_input in = { &src, segs, 2, SHELLCMD_SH };
	struct shellcmd_opts o = { 0 };
	struct shellcmd sc;
	struct shellcmd_error err;
	struct buf out;

	buf_init(&out);
	source_init(&src, file, strlen(file));
	shellcmd_init(&sc);
	ck_assert_int_eq(shellcmd_analyze(&sc, &in, &o), 0);
	ck_assert_uint_eq(sc.n, 1);
	unsigned line, col;
	ck_assert_int_eq(source_pos(&src, sc.v[0].off, &line, &col), 0);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, 5);
	apply(&sc, file, &out);
	ck_assert_str_eq(out.data, want);
	struct shellcmd_seg nsegs[] = { { 10, 13 }, { 25, 23 } };
	struct shellcmd_input nin = { &nsrc, nsegs, 2, SHELLCMD_SH };
	source_init(&nsrc, out.data, out.len);
	ck_assert_int_eq(shellcmd_verify(&sc, 0, &in, &nin, &err), 0);
	shellcmd_release(&sc);
	source_release(&src);
	source_release(&nsrc);
	buf_release(&out);
}
END_TEST

START_TEST(test_mentions)
{
	ck_assert(shellcmd_mentions("x podman y", 10));
	ck_assert(shellcmd_mentions("nerdctl", 7));
	ck_assert(!shellcmd_mentions("dockerfile", 5));
	ck_assert(!shellcmd_mentions("echo hi", 7));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("shellcmd");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_cases, 0, COUNT(cases));
	tcase_add_test(tc, test_finding_fields);
	tcase_add_test(tc, test_values);
	tcase_add_loop_test(tc, test_lex_error, 0, COUNT(bad));
	tcase_add_loop_test(tc, test_verify_refuses, 0, COUNT(tampered));
	tcase_add_test(tc, test_segments);
	tcase_add_test(tc, test_mentions);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
