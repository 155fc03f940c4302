#include "exposure.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The lookup is a binary search: it needs the table's order. */
START_TEST(test_table_sorted)
{
	size_t n;
	const struct exposure_entry *t = exposure_entries(&n);
	ck_assert_uint_gt(n, 0);
	for (size_t i = 1; i < n; i++) {
		int c = strcmp(t[i - 1].image, t[i].image);
		ck_assert_msg(c < 0 || (c == 0 && t[i - 1].port < t[i].port),
			      "entry %zu (%s %u) is not after %s %u", i,
			      t[i].image, t[i].port, t[i - 1].image,
			      t[i - 1].port);
	}
}
END_TEST

/* Every row can be found, and says something. */
START_TEST(test_table_rows)
{
	size_t n;
	const struct exposure_entry *t = exposure_entries(&n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(t[i].name);
		ck_assert_uint_gt(strlen(t[i].name), 0);
		/* reports write "NAME (CATEGORY)", and scripts read it back */
		ck_assert_msg(!strpbrk(t[i].name, "()\"\\\n"),
			      "name %s holds a parenthesis, a quote or a "
			      "line break",
			      t[i].name);
		ck_assert_int_lt(t[i].risk, EXPOSURE_RISK_UNKNOWN);
		ck_assert_uint_le(t[i].port, 65535);
		bool any = strcmp(t[i].image, "*") == 0;
		ck_assert(!any || t[i].port != 0);
		/* names as Docker writes them: lower case, no tag */
		for (const char *p = t[i].image; *p; p++) {
			ck_assert_msg(any || (*p >= 'a' && *p <= 'z') ||
					      (*p >= '0' && *p <= '9') ||
					      strchr("-._/", *p),
				      "bad image name %s", t[i].image);
		}
		unsigned port = t[i].port;
		struct exposure e;
		exposure_lookup(any ? NULL : t[i].image,
				any ? 0 : strlen(t[i].image), port, port, &e);
		if (port != 0) {
			ck_assert_msg(e.name == t[i].name, "%s %u: got %s",
				      t[i].image, port, e.name);
			ck_assert_int_eq(e.risk, t[i].risk);
		}
		ck_assert_int_eq(e.category, exposure_risk_category(e.risk));
	}
}
END_TEST

/* Each category comes out of the table for some image or port. */
START_TEST(test_categories_reachable)
{
	size_t n;
	const struct exposure_entry *t = exposure_entries(&n);
	bool seen[EXPOSURE_CATEGORY_COUNT] = { false };
	for (size_t i = 0; i < n; i++) {
		struct exposure e;
		if (strcmp(t[i].image, "*") == 0) {
			exposure_lookup(NULL, 0, t[i].port, t[i].port, &e);
		} else {
			exposure_lookup(t[i].image, strlen(t[i].image),
					t[i].port, t[i].port, &e);
		}
		ck_assert_ptr_nonnull(e.name);
		seen[e.category] = true;
	}
	for (int c = 0; c < EXPOSURE_CATEGORY_COUNT; c++) {
		ck_assert_msg(seen[c], "category %s unreachable",
			      exposure_category_name(c));
	}
	/* and every risk but "nothing recognised" has a row */
	bool risk[EXPOSURE_RISK_COUNT] = { false };
	for (size_t i = 0; i < n; i++) {
		risk[t[i].risk] = true;
	}
	for (int r = 0; r < EXPOSURE_RISK_UNKNOWN; r++) {
		ck_assert_msg(risk[r], "risk %d has no row", r);
	}
}
END_TEST

static void parse_ok(const char *ref, const char *path, const char *name)
{
	struct exposure_image im;
	exposure_image_parse(ref, strlen(ref), &im);
	ck_assert_msg(im.path_len == strlen(path) &&
			      memcmp(im.path, path, im.path_len) == 0,
		      "%s: path %.*s, want %s", ref, (int)im.path_len, im.path,
		      path);
	ck_assert_msg(im.name_len == strlen(name) &&
			      memcmp(im.name, name, im.name_len) == 0,
		      "%s: name %.*s, want %s", ref, (int)im.name_len, im.name,
		      name);
}

START_TEST(test_image_parse)
{
	parse_ok("mysql", "mysql", "mysql");
	parse_ok("mysql:8.0", "mysql", "mysql");
	parse_ok("library/mysql:8", "mysql", "mysql");
	parse_ok("docker.io/library/mysql:8.0@sha256:0123abcd", "mysql",
		 "mysql");
	parse_ok("mysql@sha256:0123abcd", "mysql", "mysql");
	parse_ok("bitnami/postgresql:16", "bitnami/postgresql", "postgresql");
	parse_ok("docker.io/bitnami/postgresql", "bitnami/postgresql",
		 "postgresql");
	parse_ok("mcr.microsoft.com/mssql/server:2022-latest", "mssql/server",
		 "server");
	parse_ok("localhost:5000/team/redis:7", "team/redis", "redis");
	parse_ok("localhost/redis", "redis", "redis");
	parse_ok("registry.example.com:443/a/b/valkey@sha256:ff", "a/b/valkey",
		 "valkey");
	/* a first component without '.', ':' or "localhost" is a path */
	parse_ok("valkey/valkey:8-alpine", "valkey/valkey", "valkey");
	parse_ok("${REGISTRY}/mysql:${TAG:-8}", "${REGISTRY}/mysql", "mysql");
	parse_ok("${REGISTRY:-docker.io}/library/mysql", "mysql", "mysql");
	parse_ok("", "", "");
	parse_ok("redis/", "redis/", "");
	/* "library" alone is an image name, not a prefix */
	parse_ok("library", "library", "library");
}
END_TEST

static void expect(const char *image, unsigned lo, unsigned hi,
		   enum exposure_category c, const char *name)
{
	struct exposure e;
	exposure_lookup(image, image ? strlen(image) : 0, lo, hi, &e);
	ck_assert_msg(e.category == c, "%s %u-%u: category %s, want %s",
		      image ? image : "(none)", lo, hi,
		      exposure_category_name(e.category),
		      exposure_category_name(c));
	if (!name) {
		ck_assert_msg(!e.name, "%s %u: got %s", image, lo, e.name);
		ck_assert_int_eq(e.risk, EXPOSURE_RISK_UNKNOWN);
	} else {
		ck_assert_msg(e.name && strcmp(e.name, name) == 0,
			      "%s %u: name %s, want %s", image, lo,
			      e.name ? e.name : "(null)", name);
	}
}

START_TEST(test_lookup)
{
	/* the image decides, whatever the port */
	expect("mysql:8", 3306, 3306, EXPOSURE_DATA, "MySQL");
	expect("docker.io/library/mysql:8@sha256:00", 13306, 13306,
	       EXPOSURE_DATA, "MySQL");
	expect("bitnami/postgresql:16", 5432, 5432, EXPOSURE_DATA,
	       "PostgreSQL");
	expect("mcr.microsoft.com/mssql/server:2022-latest", 1433, 1433,
	       EXPOSURE_DATA, "SQL Server");
	expect("ghcr.io/acme/valkey", 6379, 6379, EXPOSURE_DATA, "Valkey");
	expect("mariadb", 80, 80, EXPOSURE_DATA, "MariaDB");
	/* an image's own port of another kind */
	expect("rabbitmq:3-management", 15672, 15672, EXPOSURE_ADMIN,
	       "RabbitMQ management");
	expect("rabbitmq:3-management", 5672, 5672, EXPOSURE_DATA, "RabbitMQ");
	expect("minio/minio", 9001, 9001, EXPOSURE_ADMIN, "MinIO console");
	expect("traefik:v3", 443, 443, EXPOSURE_WEB, "Traefik");
	expect("traefik:v3", 8080, 8080, EXPOSURE_ADMIN, "Traefik dashboard");
	expect("mailhog/mailhog", 1025, 1025, EXPOSURE_OTHER, "MailHog SMTP");
	expect("mailhog/mailhog", 8025, 8025, EXPOSURE_ADMIN, "MailHog UI");
	expect("docker:dind", 2375, 2375, EXPOSURE_ADMIN, "Docker API");
	expect("tecnativa/docker-socket-proxy", 2375, 2375, EXPOSURE_ADMIN,
	       "Docker API");
	expect("dpage/pgadmin4", 80, 80, EXPOSURE_ADMIN, "pgAdmin");
	/* a server moved to another port is still that server */
	expect("mysql:8", 6379, 6379, EXPOSURE_DATA, "MySQL");
	/* a web server or proxy elsewhere forwards what the port says */
	expect("nginx:1.27", 3306, 3306, EXPOSURE_DATA, "MySQL");
	expect("nginx:1.27", 443, 443, EXPOSURE_WEB, "nginx");
	expect("nginx:1.27", 12345, 12345, EXPOSURE_WEB, "nginx");
	expect("nginx:1.27", 0, 0, EXPOSURE_WEB, "nginx");
	expect("traefik", 2375, 2375, EXPOSURE_ADMIN, "Docker API");
	/* dind lists no other ports: the port decides, or nothing */
	expect("docker:dind", 8080, 8080, EXPOSURE_WEB, "HTTP");
	expect("docker:dind", 12345, 12345, EXPOSURE_OTHER, NULL);
	/* "server" alone is not SQL Server; the port decides */
	expect("ghcr.io/acme/server", 1433, 1433, EXPOSURE_DATA, "SQL Server");
	expect("ghcr.io/acme/server", 4000, 4000, EXPOSURE_OTHER, NULL);
	/* unknown image, well-known port */
	expect("ghcr.io/acme/api:1", 3306, 3306, EXPOSURE_DATA, "MySQL");
	expect(NULL, 9229, 9229, EXPOSURE_ADMIN, "Node.js inspector");
	expect(NULL, 5005, 5005, EXPOSURE_ADMIN, "JDWP Java debugger");
	expect(NULL, 2375, 2375, EXPOSURE_ADMIN, "Docker API");
	expect(NULL, 443, 443, EXPOSURE_WEB, "HTTPS");
	expect(NULL, 22, 22, EXPOSURE_OTHER, "SSH");
	expect(NULL, 4000, 4000, EXPOSURE_OTHER, NULL);
	expect("", 0, 0, EXPOSURE_OTHER, NULL);
	/* a range: its worst well-known port */
	expect(NULL, 8000, 8100, EXPOSURE_DATA, "InfluxDB");
	expect(NULL, 2370, 2380, EXPOSURE_ADMIN, "Docker API");
	expect(NULL, 1, 65535, EXPOSURE_ADMIN, "Docker API");
	expect(NULL, 65535, 65535, EXPOSURE_OTHER, NULL);
	/* port unknown: the image's entry for any port, or its worst */
	expect("redis:7", 0, 0, EXPOSURE_DATA, "Redis");
	expect("docker:27-dind", 0, 0, EXPOSURE_ADMIN, "Docker API");
	expect("mailhog/mailhog", 0, 0, EXPOSURE_ADMIN, "MailHog UI");
	expect(NULL, 0, 0, EXPOSURE_OTHER, NULL);
	expect("ghcr.io/acme/api", 0, 0, EXPOSURE_OTHER, NULL);
	/* "*" marks the port rows, it is no image */
	expect("*", 0, 0, EXPOSURE_OTHER, NULL);
	expect("*", 3306, 3306, EXPOSURE_DATA, "MySQL");
}
END_TEST

START_TEST(test_names_and_levels)
{
	ck_assert_str_eq(exposure_category_name(EXPOSURE_DATA), "data");
	ck_assert_str_eq(exposure_category_name(EXPOSURE_OTHER), "other");
	for (int c = 0; c < EXPOSURE_CATEGORY_COUNT; c++) {
		const char *s = exposure_category_name(c);
		enum exposure_category back;
		ck_assert(exposure_category_parse(s, strlen(s), &back));
		ck_assert_int_eq(back, c);
	}
	enum exposure_category x;
	ck_assert(!exposure_category_parse("dat", 3, &x));
	ck_assert(!exposure_category_parse("data,", 5, &x));
	ck_assert(!exposure_category_parse("", 0, &x));
	/* the severities the README documents, in the bands they name */
	ck_assert_str_eq(exposure_severity(EXPOSURE_RISK_HOST), "9.8");
	ck_assert_str_eq(exposure_level(EXPOSURE_RISK_HOST), "error");
	ck_assert_str_eq(exposure_level(EXPOSURE_RISK_WEB), "note");
	ck_assert_str_eq(exposure_level(EXPOSURE_RISK_UNKNOWN), "warning");
	double prev = 10.0;
	for (int r = 0; r < EXPOSURE_RISK_COUNT; r++) {
		double s = strtod(exposure_severity(r), NULL);
		ck_assert(s > 0.0 && s < 10.0);
		const char *want = s >= 7.0   ? "error"
				   : s >= 4.0 ? "warning"
					      : "note";
		ck_assert_str_eq(exposure_level(r), want);
		if (r != EXPOSURE_RISK_UNKNOWN) {
			/* worse risks come first */
			ck_assert(s < prev);
			prev = s;
		}
	}
	/* data 8.x, admin 7.x and up, other 5.x, web 3.x */
	ck_assert_int_eq(exposure_severity(EXPOSURE_RISK_DATA)[0], '8');
	ck_assert_int_eq(exposure_severity(EXPOSURE_RISK_CODE)[0], '8');
	ck_assert_int_eq(exposure_severity(EXPOSURE_RISK_ADMIN)[0], '7');
	ck_assert_int_eq(exposure_severity(EXPOSURE_RISK_OTHER)[0], '5');
	ck_assert_int_eq(exposure_severity(EXPOSURE_RISK_UNKNOWN)[0], '5');
	ck_assert_int_eq(exposure_severity(EXPOSURE_RISK_WEB)[0], '3');
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exposure");
	TCase *tc = tcase_create("exposure");
	tcase_add_test(tc, test_table_sorted);
	tcase_add_test(tc, test_table_rows);
	tcase_add_test(tc, test_categories_reachable);
	tcase_add_test(tc, test_image_parse);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_names_and_levels);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
