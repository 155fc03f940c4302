/*
 * Option tables of the commands the docker-run analysis reads. Each list
 * holds the long options that take a value; a short option takes one when
 * its letter is in the short string. Every other option is a boolean to
 * pflag (an unknown one is read as a boolean too: a newer boolean option
 * must not swallow the next word).
 *
 * Sources: docker/cli at commit 143a7abee6cdbd8c18cc9f9c24192085c743d667
 * (the 28.x line): cli/command/container/opts.go addFlags() for run and
 * create (the Var/VarP/StringVar/... calls, not BoolVar), run.go and
 * create.go (--name, --detach-keys, --pull, --platform; -d, -q, --rm,
 * --sig-proxy, --disable-content-trust are booleans), cli/flags/options.go
 * for the global options, cli/command/service/opts.go addServiceFlags()
 * and create.go for docker service create; docker/compose v2
 * cmd/compose/run.go and compose.go; podman 5 cmd/podman/common/
 * create.go, netflags.go, pods/create.go and root.go; nerdctl 2
 * cmd/nerdctl/container/container_run.go and main.go. The run table is
 * the union of docker's, podman's and nerdctl's: no option is a boolean
 * in one of them and takes a value in another.
 * Keep each list sorted (tests/unit/test_shflags.c checks it).
 */
#include "shflags.h"

#include <string.h>

/* docker/cli container/opts.go, run.go, create.go; podman; nerdctl. */
static const char *const run_values[] = {
	"add-host",
	"annotation",
	"arch",
	"attach",
	"authfile",
	"blkio-weight",
	"blkio-weight-device",
	"cap-add",
	"cap-drop",
	"cert-dir",
	"cgroup-conf",
	"cgroup-parent",
	"cgroupns",
	"cgroups",
	"chrootdirs",
	"cidfile",
	"conmon-pidfile",
	"cosign-certificate-identity",
	"cosign-certificate-identity-regexp",
	"cosign-certificate-oidc-issuer",
	"cosign-certificate-oidc-issuer-regexp",
	"cosign-key",
	"cpu-count",
	"cpu-percent",
	"cpu-period",
	"cpu-quota",
	"cpu-rt-period",
	"cpu-rt-runtime",
	"cpu-shares",
	"cpus",
	"cpuset-cpus",
	"cpuset-mems",
	"creds",
	"decryption-key",
	"detach-keys",
	"device",
	"device-cgroup-rule",
	"device-read-bps",
	"device-read-iops",
	"device-write-bps",
	"device-write-iops",
	"dns",
	"dns-opt",
	"dns-option",
	"dns-search",
	"domainname",
	"entrypoint",
	"env",
	"env-file",
	"env-merge",
	"expose",
	"gidmap",
	"gpus",
	"group-add",
	"group-entry",
	"health-cmd",
	"health-interval",
	"health-log-destination",
	"health-max-log-count",
	"health-max-log-size",
	"health-on-failure",
	"health-retries",
	"health-start-interval",
	"health-start-period",
	"health-startup-cmd",
	"health-startup-interval",
	"health-startup-retries",
	"health-startup-success",
	"health-startup-timeout",
	"health-timeout",
	"hostname",
	"hosts-file",
	"hostuser",
	"image-volume",
	"init-path",
	"io-maxbandwidth",
	"io-maxiops",
	"ip",
	"ip6",
	"ipc",
	"ipfs-address",
	"isolation",
	"kernel-memory",
	"label",
	"label-file",
	"link",
	"link-local-ip",
	"log-driver",
	"log-opt",
	"mac-address",
	"memory",
	"memory-reservation",
	"memory-swap",
	"memory-swappiness",
	"mount",
	"name",
	"net",
	"net-alias",
	"network",
	"network-alias",
	"oom-score-adj",
	"os",
	"passwd-entry",
	"personality",
	"pid",
	"pidfile",
	"pids-limit",
	"platform",
	"pod",
	"pod-id-file",
	"preserve-fd",
	"preserve-fds",
	"pull",
	"rdt-class",
	"requires",
	"restart",
	"retry",
	"retry-delay",
	"runtime",
	"sdnotify",
	"seccomp-policy",
	"secret",
	"security-opt",
	"shm-size",
	"shm-size-systemd",
	"stop-signal",
	"stop-timeout",
	"storage-opt",
	"subgidname",
	"subuidname",
	"sysctl",
	"systemd",
	"timeout",
	"tmpfs",
	"tz",
	"uidmap",
	"ulimit",
	"umask",
	"unsetenv",
	"user",
	"userns",
	"uts",
	"variant",
	"verify",
	"volume",
	"volume-driver",
	"volumes-from",
	"workdir",
};

const struct shflag_set shflags_run = {
	run_values,
	sizeof(run_values) / sizeof(run_values[0]),
	"acehlmuvw",
	true,
};

/* docker/compose cmd/compose/run.go; docker-compose 1.x compose/cli/main.py
 * (run). */
static const char *const compose_run_values[] = {
	"cap-add", "cap-drop", "entrypoint", "env",    "env-from-file", "label",
	"name",	   "pull",     "user",	     "volume", "workdir",
};

const struct shflag_set shflags_compose_run = {
	compose_run_values,
	sizeof(compose_run_values) / sizeof(compose_run_values[0]),
	"eluvw",
	true,
};

/* docker/cli cli/command/service/opts.go (addServiceFlags) and create.go. */
static const char *const service_create_values[] = {
	"cap-add",
	"cap-drop",
	"config",
	"constraint",
	"container-label",
	"credential-spec",
	"dns",
	"dns-option",
	"dns-search",
	"endpoint-mode",
	"entrypoint",
	"env",
	"env-file",
	"generic-resource",
	"group",
	"health-cmd",
	"health-interval",
	"health-retries",
	"health-start-interval",
	"health-start-period",
	"health-timeout",
	"host",
	"hostname",
	"isolation",
	"label",
	"limit-cpu",
	"limit-memory",
	"limit-pids",
	"log-driver",
	"log-opt",
	"max-concurrent",
	"mode",
	"mount",
	"name",
	"network",
	"placement-pref",
	"replicas",
	"replicas-max-per-node",
	"reserve-cpu",
	"reserve-memory",
	"restart-condition",
	"restart-delay",
	"restart-max-attempts",
	"restart-window",
	"rollback-delay",
	"rollback-failure-action",
	"rollback-max-failure-ratio",
	"rollback-monitor",
	"rollback-order",
	"rollback-parallelism",
	"secret",
	"stop-grace-period",
	"stop-signal",
	"sysctl",
	"ulimit",
	"update-delay",
	"update-failure-action",
	"update-max-failure-ratio",
	"update-monitor",
	"update-order",
	"update-parallelism",
	"user",
	"workdir",
};

const struct shflag_set shflags_service_create = {
	service_create_values,
	sizeof(service_create_values) / sizeof(service_create_values[0]),
	"eluw",
	true,
};

/* podman cmd/podman/pods/create.go and common/netflags.go. */
static const char *const pod_create_values[] = {
	"add-host",
	"blkio-weight",
	"blkio-weight-device",
	"cgroup-parent",
	"cpus",
	"cpuset-cpus",
	"device",
	"device-read-bps",
	"device-write-bps",
	"dns",
	"dns-option",
	"dns-search",
	"exit-policy",
	"gidmap",
	"hostname",
	"infra-command",
	"infra-conmon-pidfile",
	"infra-image",
	"infra-name",
	"ip",
	"ip6",
	"label",
	"label-file",
	"mac-address",
	"memory",
	"memory-swap",
	"name",
	"network",
	"network-alias",
	"pid",
	"pod-id-file",
	"restart",
	"security-opt",
	"share",
	"share-parent",
	"shm-size",
	"shm-size-systemd",
	"subgidname",
	"subuidname",
	"sysctl",
	"uidmap",
	"userns",
	"uts",
	"volume",
	"volumes-from",
};

const struct shflag_set shflags_pod_create = {
	pod_create_values,
	sizeof(pod_create_values) / sizeof(pod_create_values[0]),
	"lmv",
	true,
};

/* docker/cli cli/flags/options.go (InstallFlags). */
static const char *const docker_global_values[] = {
	"config",    "context", "host",	  "log-level",
	"tlscacert", "tlscert", "tlskey",
};

const struct shflag_set shflags_docker_global = {
	docker_global_values,
	sizeof(docker_global_values) / sizeof(docker_global_values[0]),
	"cHl",
	false,
};

/* podman cmd/podman/root.go (rootFlags). */
static const char *const podman_global_values[] = {
	"cgroup-manager",
	"cni-config-dir",
	"config",
	"conmon",
	"connection",
	"db-backend",
	"events-backend",
	"hooks-dir",
	"identity",
	"imagestore",
	"log-level",
	"module",
	"network-backend",
	"network-cmd-path",
	"network-config-dir",
	"out",
	"registries-conf",
	"root",
	"runroot",
	"runtime",
	"runtime-flag",
	"ssh",
	"storage-driver",
	"storage-opt",
	"tmpdir",
	"url",
	"volumepath",
};

const struct shflag_set shflags_podman_global = {
	podman_global_values,
	sizeof(podman_global_values) / sizeof(podman_global_values[0]),
	"c",
	false,
};

/* nerdctl cmd/nerdctl/main.go (initRootCmdFlags). */
static const char *const nerdctl_global_values[] = {
	"address",   "bridge-ip", "cgroup-manager", "cni-netconfpath",
	"cni-path",  "data-root", "host",	    "host-gateway-ip",
	"hosts-dir", "namespace", "snapshotter",    "storage-driver",
};

const struct shflag_set shflags_nerdctl_global = {
	nerdctl_global_values,
	sizeof(nerdctl_global_values) / sizeof(nerdctl_global_values[0]),
	"aHn",
	false,
};

/* docker/compose cmd/compose/compose.go (ProjectOptions); docker-compose 1.x
 * adds the connection options. */
static const char *const compose_global_values[] = {
	"ansi",		"context",
	"env-file",	"file",
	"host",		"log-level",
	"parallel",	"profile",
	"progress",	"project-directory",
	"project-name", "tlscacert",
	"tlscert",	"tlskey",
	"workdir",
};

const struct shflag_set shflags_compose_global = {
	compose_global_values,
	sizeof(compose_global_values) / sizeof(compose_global_values[0]),
	"cfHp",
	false,
};

/* sudo(8). */
static const char *const sudo_values[] = {
	"chdir", "chroot", "close-from", "command-timeout",
	"group", "host",   "other-user", "prompt",
	"role",	 "type",   "user",
};

const struct shflag_set shflags_sudo = {
	sudo_values,
	sizeof(sudo_values) / sizeof(sudo_values[0]),
	"CDghprRTtUu",
	false,
};

enum shflag_arg shflag_long(const struct shflag_set *set, const char *name,
			    size_t len)
{
	size_t lo = 0, hi = set->nvalues;

	if (set->publishes) {
		if (len == 7 && memcmp(name, "publish", 7) == 0) {
			return SHFLAG_PUBLISH;
		}
		if (len == 11 && memcmp(name, "publish-all", 11) == 0 &&
		    set == &shflags_run) {
			return SHFLAG_PUBLISH_ALL;
		}
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *v = set->values[mid];
		size_t vl = strlen(v);
		int cmp = memcmp(v, name, vl < len ? vl : len);
		if (cmp == 0) {
			cmp = vl < len ? -1 : vl > len;
		}
		if (cmp == 0) {
			return SHFLAG_VALUE;
		}
		if (cmp < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return SHFLAG_BOOL;
}

enum shflag_arg shflag_short(const struct shflag_set *set, char c)
{
	if (set->publishes) {
		if (c == 'p') {
			return SHFLAG_PUBLISH;
		}
		if (c == 'P' && set == &shflags_run) {
			return SHFLAG_PUBLISH_ALL;
		}
	}
	if (c != '\0' && strchr(set->short_values, c)) {
		return SHFLAG_VALUE;
	}
	return SHFLAG_BOOL;
}
