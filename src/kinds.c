#include "kinds.h"

#include <assert.h>

/* One row per kind, in the order of the enum (the reports follow it). */
static const struct kind kinds[] = {
	[FINDING_BOUND] = { .name = "bound" },
	[FINDING_UNBOUND] = {
		.name = "unbound",
		.shown = true,
		.level = DIAG_WARNING,
		.fixed = "publishes %xon all interfaces",
		.left_alone = "cannot be fixed by a safe splice; left alone",
		.deselected = "publishes %xon all interfaces; left alone "
			      "(--only %s) [unbound]",
		.rule = "A port is published on all interfaces of the host",
	},
	[FINDING_CONTAINER_ONLY] = {
		.name = "container-only",
		.shown = true,
		.level = DIAG_WARNING,
		.fixed = "publishes %xon an ephemeral port on all interfaces",
		.left_alone = "cannot be fixed by a safe splice; left alone",
		.deselected = "publishes %xon an ephemeral port on all "
			      "interfaces; left alone (--only %s) "
			      "[container-only]",
		.rule = "A container port is published on an ephemeral port "
			"of all interfaces",
	},
	[FINDING_EXPLICIT_WILDCARD] = {
		.name = "explicit-wildcard",
		.shown = true,
		.level = DIAG_WARNING,
		.fixed = "publishes %xon all interfaces",
		.left_alone = "publishes %xon all interfaces on purpose; left "
			      "alone [explicit-wildcard]",
		.deselected = "publishes %xon all interfaces; left alone "
			      "(--only %s) [explicit-wildcard]",
		.rule = "A port is published on all interfaces on purpose "
			"(0.0.0.0, [::])",
	},
	[FINDING_VARIABLE] = {
		.name = "variable",
		.shown = true,
		.level = DIAG_NOTE,
		.left_alone = "binds to an address set by a variable; left "
			      "alone [variable]",
		.rule = "A port's address comes from a variable not set here",
	},
	[FINDING_UNDECIDABLE] = {
		.name = "undecidable",
		.shown = true,
		.level = DIAG_NOTE,
		.left_alone = "is a variable that cannot be judged; left alone "
			      "[undecidable]",
		.rule = "A port entry is one variable and cannot be judged",
	},
	[FINDING_INVALID] = {
		.name = "invalid",
		.shown = true,
		.level = DIAG_WARNING,
		.left_alone = "is not a port entry Docker accepts (%s); left "
			      "alone",
		.reason = "malformed",
		.rule = "A port entry Docker would not accept",
	},
	[FINDING_SUPPRESSED] = {
		.name = "suppressed",
		.shown = true,
		.level = DIAG_NOTE,
		.verbose_only = true,
		.left_alone = "is covered by a composefix: ignore comment; "
			      "left alone [suppressed]",
		.rule = "A port left public by a composefix: ignore comment",
	},
	[FINDING_ALLOWED] = {
		.name = "allowed",
		.shown = true,
		.level = DIAG_NOTE,
		.verbose_only = true,
		.left_alone = "is allowed by %s; left alone [allowed]",
		.reason = "--allow-port or --allow-service",
		.rule = "A port left public by --allow-port or "
			"--allow-service",
	},
	[FINDING_HOST_NETWORK] = {
		.name = "host-network",
		.shown = true,
		.level = DIAG_WARNING,
		.about_context = true,
		.left_alone = "uses network_mode: host, so Docker ignores its "
			      "ports and every listening %xsocket is on the "
			      "host [host-network]",
		.rule = "A service with network_mode: host publishes every "
			"listening socket",
	},
	[FINDING_SHARED_NETWORK] = {
		.name = "shared-network",
		.shown = true,
		.level = DIAG_NOTE,
		.about_context = true,
		.left_alone = "shares another container's network "
			      "(network_mode: %s...), and Docker refuses "
			      "ports there (\"conflicting options: port "
			      "publishing and the container type network "
			      "mode\"); publish them on that container; left "
			      "alone [shared-network]",
		.reason = "service:",
		.rule = "A service that shares another container's network "
			"has ports, which Docker refuses",
	},
	[FINDING_NOT_A_LIST] = {
		.name = "not-a-list",
		.shown = true,
		.level = DIAG_WARNING,
		.about_context = true,
		.left_alone = "has ports that are not a list; left alone",
		.rule = "A service's ports value is not a list",
	},
	[FINDING_BAD_ENTRY] = {
		.name = "bad-entry",
		.shown = true,
		.level = DIAG_WARNING,
		.about_context = true,
		.left_alone = "has a port entry that is neither a string nor a "
			      "mapping; left alone",
		.rule = "A port entry is neither a string nor a mapping",
	},
	[FINDING_DUPLICATE_KEY] = { .name = "duplicate-key" },
	[FINDING_PUBLISH_ALL] = {
		.name = "publish-all",
		.shown = true,
		.level = DIAG_WARNING,
		.left_alone = "publishes every port the image exposes on all "
			      "interfaces, which no splice can bind: publish "
			      "each with -p 127.0.0.1::PORT instead, or set "
			      "\"ip\": \"127.0.0.1\" in the daemon's "
			      "daemon.json (it covers -P too) [publish-all]",
		.rule = "A container publishes every exposed port on all "
			"interfaces (-P)",
	},
	[FINDING_SWARM] = {
		.name = "swarm",
		.shown = true,
		.level = DIAG_WARNING,
		.left_alone = "is published on all interfaces of every swarm "
			      "node (%s): a swarm service's port keeps no "
			      "host address, so binding it protects nothing "
			      "there; publish it with mode=host behind a "
			      "firewall, or use an internal overlay network "
			      "and no published port [swarm]",
		.reason = "docker service publishes through the routing mesh",
		.rule = "A swarm service publishes a port on every node",
	},
};

static_assert(sizeof(kinds) / sizeof(kinds[0]) == FINDING_KIND_COUNT,
	      "a row in kinds[] for every enum finding_kind");

const char *const kind_unfixable =
	"cannot be fixed by a safe splice; left alone";

const char *const kind_unfixable_why = "cannot be fixed: %s; left alone";

const struct kind *kind_get(enum finding_kind k)
{
	return &kinds[(unsigned)k < FINDING_KIND_COUNT ? k : FINDING_INVALID];
}
