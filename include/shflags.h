#ifndef COMPOSEFIX_SHFLAGS_H
#define COMPOSEFIX_SHFLAGS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The options of the commands the docker-run analysis reads, as their
 * flag parsers (spf13/pflag for docker, podman, nerdctl and docker
 * compose) take them: which ones take a value, so that skipping an
 * option skips its value too, and which ones publish ports. Pure tables.
 */

enum shflag_arg {
	SHFLAG_BOOL,	    /* no value ("-d", "--rm"); also unknown options */
	SHFLAG_VALUE,	    /* a value, glued or in the next word */
	SHFLAG_PUBLISH,	    /* -p / --publish: a value to judge */
	SHFLAG_PUBLISH_ALL, /* -P / --publish-all */
};

/* The option table of one command (see shflags.c for the sources). */
struct shflag_set {
	const char *const *values; /* long names taking a value, sorted */
	size_t nvalues;
	const char *short_values; /* letters taking a value */
	bool publishes;		  /* -p/--publish and -P/--publish-all */
};

/* docker/podman/nerdctl run and create (the union of the three). */
extern const struct shflag_set shflags_run;
/* docker compose run, docker-compose run. */
extern const struct shflag_set shflags_compose_run;
/* docker service create (its -p publishes on every node). */
extern const struct shflag_set shflags_service_create;
/* podman pod create (-p publishes for the pod). */
extern const struct shflag_set shflags_pod_create;
/* Options before the subcommand. */
extern const struct shflag_set shflags_docker_global;
extern const struct shflag_set shflags_podman_global;
extern const struct shflag_set shflags_nerdctl_global;
extern const struct shflag_set shflags_compose_global;
/* sudo's own options. */
extern const struct shflag_set shflags_sudo;

/* What the long option name[0..len) (without "--") is in set. */
enum shflag_arg shflag_long(const struct shflag_set *set, const char *name,
			    size_t len);
/* What the short option c is in set. */
enum shflag_arg shflag_short(const struct shflag_set *set, char c);

#endif
