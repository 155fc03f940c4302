/*
 * The front-end interface with a tiny fake language, as a second front
 * end would use it: the driver picks the front end that claims a file,
 * applies its planned fixes, has it verify the new bytes, and the writer
 * words the findings with the front end's context name. Lines of the fake
 * language: "run PORT" publishes PORT (a fix binds it to the address),
 * "var PORT" is left alone as a variable, "bad" is a syntax error. What
 * PORT exposes comes from the exposure table with no image, as a front
 * end without one would ask it, and --only is honoured as the interface
 * asks every front end to.
 */
#include "driver.h"
#include "report.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool fake_claims(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcmp(path + n - 5, ".fake") == 0;
}

static int fake_line(struct scan *s, const char *data, size_t at, size_t len,
		     const struct frontend_opts *o)
{
	const char *l = data + at;
	bool run = len > 4 && memcmp(l, "run ", 4) == 0;
	bool var = len > 4 && memcmp(l, "var ", 4) == 0;
	if (!run && !var) {
		return diags_add(&s->diags, DIAG_ERROR, 1, 1,
				 "not a fake line") < 0
			       ? -1
			       : 1;
	}
	struct finding *f = findings_add(&s->findings);
	if (!f) {
		return -1;
	}
	f->kind = run ? FINDING_UNBOUND : FINDING_VARIABLE;
	f->at = at + 4;
	f->end = at + len;
	f->entry_quoted = true;
	if (findings_text(&s->findings, l, 3, &f->context, &f->context_len) <
		    0 ||
	    findings_text(&s->findings, l + 4, len - 4, &f->entry,
			  &f->entry_len) < 0) {
		return -1;
	}
	char port[8] = "";
	memcpy(port, l + 4, len - 4 < sizeof(port) - 1 ? len - 4 : 7);
	unsigned p = (unsigned)strtoul(port, NULL, 10);
	exposure_lookup(NULL, 0, p, p, &f->exposes);
	if (!run) {
		return 0;
	}
	if (o->only && !((o->only >> f->exposes.category) & 1u)) {
		f->deselected = true;
		return 0;
	}
	const char *addr = o->nbinds ? o->binds[0] : "127.0.0.1";
	char ins[64], shown[80];
	snprintf(ins, sizeof(ins), "%s:", addr);
	snprintf(shown, sizeof(shown), "\"%s%.*s\"", ins, (int)(len - 4),
		 l + 4);
	struct finding_fix *x = findings_add_fix(&s->findings);
	if (!x) {
		return -1;
	}
	x->off = at + 4;
	f = &s->findings.v[s->findings.n - 1];
	return findings_text(&s->findings, ins, strlen(ins), &x->ins,
			     &x->ins_len) < 0 ||
			       findings_text(&s->findings, shown, strlen(shown),
					     &x->shown, &x->shown_len) < 0 ||
			       findings_text(&s->findings, shown + 1,
					     strlen(shown) - 2, &f->replacement,
					     &f->replacement_len) < 0
		       ? -1
		       : 0;
}

static int fake_scan(struct scan *s, const char *data, size_t len,
		     const struct frontend_opts *o)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - data - at) : len - at;
		int rc = fake_line(s, data, at, n, o);
		if (rc != 0) {
			return -1;
		}
		at += n + 1;
	}
	s->state = strndup(data, len); /* what verify compares with */
	return s->state ? 0 : -1;
}

/* The new bytes: every "run P" now "run ADDR:P", the rest the same. */
static bool fake_verify(const struct scan *s, const char *new, size_t len,
			struct diags *d)
{
	/* line by line: the same, or a "run" line with an address put
	 * before its port */
	const char *old = s->state;
	size_t i = 0, k = 0;
	/* a planned fix the proof turns down, for the tests that need one */
	if (strstr(old, "run 666")) {
		diags_add(d, DIAG_ERROR, 0, 0, "the fake refuses 666");
		return false;
	}
	while (old[i] && k < len) {
		size_t ol = strcspn(old + i, "\n");
		const char *nl = memchr(new + k, '\n', len - k);
		size_t nlen = nl ? (size_t)(nl - new) - k : len - k;
		bool same = ol == nlen && memcmp(old + i, new + k, ol) == 0;
		bool bound = ol > 4 && nlen > ol &&
			     strncmp(old + i, "run ", 4) == 0 &&
			     memcmp(new + k, "run ", 4) == 0 &&
			     memcmp(new + k + nlen - (ol - 4), old + i + 4,
				    ol - 4) == 0 &&
			     new[k + nlen - (ol - 4) - 1] == ':';
		if (!same && !bound) {
			break;
		}
		i += ol + (old[i + ol] == '\n');
		k += nlen + (nl != NULL);
	}
	if (old[i] || k != len) {
		diags_add(d, DIAG_ERROR, 0, 0, "the fake does not match");
		return false;
	}
	return true;
}

static void fake_release(struct scan *s)
{
	free(s->state);
	s->state = NULL;
}

static const struct frontend fake = {
	.name = "fake",
	.context = "command",
	.claims = fake_claims,
	.scan = fake_scan,
	.verify = fake_verify,
	.release = fake_release,
};

/* Takes anything, finds nothing: the fallback of the table. */
static int none_scan(struct scan *s, const char *data, size_t len,
		     const struct frontend_opts *o)
{
	(void)s, (void)data, (void)len, (void)o;
	return 0;
}

static bool none_verify(const struct scan *s, const char *new, size_t len,
			struct diags *d)
{
	(void)s, (void)new, (void)len, (void)d;
	return true;
}

static void none_release(struct scan *s)
{
	(void)s;
}

static const struct frontend none = {
	.name = "none",
	.context = "thing",
	.scan = none_scan,
	.verify = none_verify,
	.release = none_release,
};

static const struct frontend *const table[] = { &fake, &none, NULL };

static char dir[64];

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Drives path under o and renders it; the result for the caller. */
static void run(const struct options *o, const char *path, struct result *r)
{
	struct outcome oc;
	result_init(r, path);
	outcome_init(&oc);
	drive(o, table, r, &oc);
	ck_assert_int_eq(report_render(o, &oc, r), 0);
	outcome_release(&oc);
	report_problem(r);
}

static void options(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_size = 1 << 20;
}

START_TEST(test_claims)
{
	ck_assert_ptr_eq(frontend_for(table, "a/b.fake"), &fake);
	ck_assert_ptr_eq(frontend_for(table, "compose.yaml"), &none);
	ck_assert_ptr_eq(frontend_for(table, "-"), &none);
}
END_TEST

START_TEST(test_report)
{
	struct options o;
	options(&o);
	char *path = write_file("a.fake", "run 80\nvar 90\n");
	struct result r;
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_CHANGES);
	ck_assert_uint_eq(r.fixed, 1);
	ck_assert_uint_eq(r.left[FINDING_VARIABLE], 1);
	char want[512];
	snprintf(want, sizeof(want),
		 "%s:1:5: \"80\" in command \"run\" publishes HTTP (web) on "
		 "all interfaces; fix: \"127.0.0.1:80\" [unbound]\n",
		 path);
	ck_assert_str_eq(r.out.data, want);
	snprintf(want, sizeof(want),
		 "%s:2:5: note: \"90\" in command \"var\" binds to an address "
		 "set by a variable; left alone [variable]\n",
		 path);
	ck_assert_str_eq(r.err.data, want);
	result_release(&r);
	free(path);
}
END_TEST

/* --diff: the diff is rendered beside the verification, and dropped
 * when the verification refuses the new bytes. */
START_TEST(test_diff)
{
	struct options o;
	options(&o);
	o.mode = MODE_DIFF;
	char *path = write_file("d.fake", "run 80\nvar 90\n");
	struct result r;
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_CHANGES);
	ck_assert_ptr_nonnull(r.out.data);
	ck_assert_ptr_nonnull(
		strstr(r.out.data, "\n-run 80\n+run 127.0.0.1:80\n"));
	ck_assert_ptr_nonnull(strstr(r.out.data, "@@ -1,2 +1,2 @@\n"));
	result_release(&r);
	free(path);

	path = write_file("e.fake", "run 80\nrun 666\n");
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_TROUBLE);
	ck_assert_uint_eq(r.out.len, 0); /* nothing of the unproven bytes */
	ck_assert_ptr_nonnull(r.err.data);
	ck_assert_ptr_nonnull(strstr(r.err.data, "the fake refuses 666"));
	result_release(&r);
	free(path);
}
END_TEST

/* The report's lines too are rendered beside the verification, and
 * dropped when it refuses. */
START_TEST(test_report_ahead)
{
	struct options o;
	options(&o);
	o.mode = MODE_REPORT;
	char *path = write_file("f.fake", "run 80\nrun 666\n");
	struct result r;
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_TROUBLE);
	ck_assert_uint_eq(r.out.len, 0);
	ck_assert_ptr_nonnull(strstr(r.err.data, "the fake refuses 666"));
	result_release(&r);
	free(path);
	path = write_file("g.fake", "run 80\nvar 90\nrun 81\n");
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_CHANGES);
	ck_assert_ptr_nonnull(r.out.data);
	ck_assert_ptr_nonnull(strstr(r.out.data, "g.fake:1:"));
	ck_assert_ptr_nonnull(strstr(r.out.data, "g.fake:3:"));
	/* the entry left alone: its line on stderr, rendered ahead too */
	ck_assert_ptr_nonnull(r.err.data);
	ck_assert_ptr_nonnull(strstr(r.err.data, "g.fake:2:"));
	result_release(&r);
	free(path);
}
END_TEST

START_TEST(test_in_place_and_records)
{
	struct options o;
	options(&o);
	o.mode = MODE_IN_PLACE;
	o.format = FORMAT_JSON;
	static const char *const binds[] = { "10.1.2.3" };
	o.binds[0] = binds[0];
	o.nbinds = 1;
	char *path = write_file("b.fake", "var 1\nrun 80\n");
	struct result r;
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_CLEAN);
	ck_assert_str_eq(r.records.status, "fixed");
	ck_assert_uint_eq(r.records.n, 2);
	const struct record *x = &r.records.v[1];
	ck_assert_str_eq(x->kind, "unbound");
	ck_assert_str_eq(x->service, "run");
	ck_assert_str_eq(x->replacement, "10.1.2.3:80");
	ck_assert(x->applied);
	ck_assert_uint_eq(x->line, 2);
	ck_assert_uint_eq(x->nedits, 1);
	ck_assert_str_eq(x->edits[0].text, "10.1.2.3:");
	ck_assert_str_eq(r.records.v[0].level, "note");
	result_release(&r);

	char buf[64] = "";
	FILE *fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "var 1\nrun 10.1.2.3:80\n");
	free(path);
}
END_TEST

/* Findings say what they expose; --only fixes only its categories, the
 * others are warnings in the kinds table's words; the counts follow. */
START_TEST(test_exposes_and_only)
{
	struct options o;
	options(&o);
	char *path = write_file("c.fake", "run 3306\nrun 80\nrun 4000\n");
	struct result r;
	run(&o, path, &r);
	ck_assert_uint_eq(r.fixed, 3);
	ck_assert_uint_eq(r.fixed_by[EXPOSURE_DATA], 1);
	ck_assert_uint_eq(r.fixed_by[EXPOSURE_WEB], 1);
	ck_assert_uint_eq(r.fixed_by[EXPOSURE_OTHER], 1);
	char want[1024];
	snprintf(want, sizeof(want),
		 "%s:1:5: \"3306\" in command \"run\" publishes MySQL (data) "
		 "on all interfaces; fix: \"127.0.0.1:3306\" [unbound]\n"
		 "%s:2:5: \"80\" in command \"run\" publishes HTTP (web) on "
		 "all interfaces; fix: \"127.0.0.1:80\" [unbound]\n"
		 "%s:3:5: \"4000\" in command \"run\" publishes on all "
		 "interfaces; fix: \"127.0.0.1:4000\" [unbound]\n",
		 path, path, path);
	ck_assert_str_eq(r.out.data, want);
	result_release(&r);

	o.only = 1u << EXPOSURE_DATA | 1u << EXPOSURE_ADMIN;
	o.format = FORMAT_JSON;
	run(&o, path, &r);
	ck_assert_msg(r.status == EXIT_CHANGES, "status %d: %s", r.status,
		      r.err.data ? r.err.data : "");
	ck_assert_uint_eq(r.fixed, 1);
	ck_assert_uint_eq(r.left[FINDING_UNBOUND], 2);
	snprintf(want, sizeof(want),
		 "%s:2:5: warning: \"80\" in command \"run\" publishes HTTP "
		 "(web) on all interfaces; left alone (--only data,admin) "
		 "[unbound]\n"
		 "%s:3:5: warning: \"4000\" in command \"run\" publishes on "
		 "all interfaces; left alone (--only data,admin) [unbound]\n",
		 path, path);
	ck_assert_str_eq(r.err.data, want);
	ck_assert_uint_eq(r.records.n, 3);
	ck_assert_str_eq(r.records.v[0].level, "error");
	ck_assert_str_eq(r.records.v[0].exposes.name, "MySQL");
	ck_assert_str_eq(r.records.v[1].level, "warning");
	ck_assert_ptr_null(r.records.v[2].exposes.name);
	ck_assert_int_eq(r.records.v[2].exposes.risk, EXPOSURE_RISK_UNKNOWN);
	result_release(&r);
	free(path);
}
END_TEST

/* A scan that fails: its error is said, nothing is written, status 2. */
START_TEST(test_error)
{
	struct options o;
	options(&o);
	o.mode = MODE_IN_PLACE;
	o.format = FORMAT_JSON;
	char *path = write_file("c.fake", "run 80\nbad\n");
	struct result r;
	run(&o, path, &r);
	ck_assert_int_eq(r.status, EXIT_TROUBLE);
	ck_assert_str_eq(r.records.status, "error");
	ck_assert_uint_eq(r.records.nerrors, 1);
	ck_assert_str_eq(r.records.errors[0].message, "not a fake line");
	ck_assert_ptr_nonnull(strstr(r.err.data, "error: not a fake line"));
	ck_assert_uint_eq(r.out.len, 0);
	result_release(&r);
	free(path);
}
END_TEST

/* A problem outside any front end, worded once, in JSON as on stderr. */
START_TEST(test_missing_file)
{
	struct options o;
	options(&o);
	o.format = FORMAT_JSON;
	struct result r;
	run(&o, "/nonexistent/x.fake", &r);
	ck_assert_int_eq(r.status, EXIT_TROUBLE);
	ck_assert_str_eq(r.err.data, "composefix: cannot open "
				     "'/nonexistent/x.fake': No such file or "
				     "directory\n");
	ck_assert_uint_eq(r.records.nerrors, 1);
	ck_assert_str_eq(r.records.errors[0].message,
			 "composefix: cannot open '/nonexistent/x.fake': No "
			 "such file or directory");
	result_release(&r);
}
END_TEST

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/composefix-fe.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	Suite *s = suite_create("frontend");
	TCase *tc = tcase_create("fake");
	tcase_add_test(tc, test_claims);
	tcase_add_test(tc, test_report);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_report_ahead);
	tcase_add_test(tc, test_in_place_and_records);
	tcase_add_test(tc, test_exposes_and_only);
	tcase_add_test(tc, test_error);
	tcase_add_test(tc, test_missing_file);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0) {
		failed++;
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
