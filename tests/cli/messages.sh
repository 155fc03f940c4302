#!/bin/sh
# Messages say what really happened (issue 11, items 6, 8 and 9).
. "$(dirname "$0")/lib.sh"

mk "$T/want/dirty.yml" "$DIRTY"
mk "$T/want/fixed.yml" "$DIRTY_FIXED"

# ------------------------------------------------------------ item 6
# Regression: a file with two links was refused with errno's "Too many
# links".
d=$T/hard
mk "$d/compose.yaml" "$DIRTY"
ln "$d/compose.yaml" "$d/other.yaml"
run "$d" --in-place compose.yaml
want_rc 2
want_text "composefix: cannot rewrite 'compose.yaml' (hardlinks): it has 2 hard links; --break-hardlinks splits them; the file is unchanged" "$err" stderr
want_same "$T/want/dirty.yml" "$d/compose.yaml" compose.yaml
t_result "a file with hard links: the message says so, not 'Too many links'"

run "$d" --in-place --break-hardlinks compose.yaml
want_rc 0
want_same "$T/want/fixed.yml" "$d/compose.yaml" compose.yaml
want_same "$T/want/dirty.yml" "$d/other.yaml" other.yaml
t_result "--break-hardlinks splits them"

t_done
