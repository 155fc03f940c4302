# bash completion for composefix(1) and composefix-migrate.
# Installed as .../bash-completion/completions/composefix (and under the
# name composefix-migrate, for bash-completion's loading by command name).
# Works with the bash-completion package and, more plainly, without it.

# _composefix_words CUR WORDS...: COMPREPLY from a word list.
_composefix_words()
{
	local cur=$1
	shift
	local w
	COMPREPLY=()
	for w in "$@"; do
		if [[ $w == "$cur"* ]]; then
			COMPREPLY+=("$w")
		fi
	done
}

# _composefix_files: file names; without bash-completion, readline's own
# filename completion (-o default) does it.
_composefix_files()
{
	if declare -F _filedir >/dev/null; then
		_filedir
	else
		COMPREPLY=()
	fi
}

# _composefix_context: sets cur and prev, with --opt=value split so that
# prev is --opt and cur the value; split says whether that happened.
_composefix_context()
{
	if declare -F _init_completion >/dev/null; then
		_init_completion -s -n : || return 1
		return 0
	fi
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	split=false
	# Without bash-completion "=" is a word of its own: --format = js.
	if [[ $cur == = ]]; then
		cur=
		split=true
	elif [[ $prev == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]:-}
		split=true
	fi
	return 0
}

# _composefix_categories: the --only categories, after any already listed
# before a comma (data,ad -> data,admin).
_composefix_categories()
{
	local done=${cur%"${cur##*,}"} w
	_composefix_words "${cur##*,}" data admin web other
	for w in "${!COMPREPLY[@]}"; do
		COMPREPLY[w]=$done${COMPREPLY[w]}
	done
	compopt -o nospace 2>/dev/null
}

_composefix()
{
	# words and cword are _init_completion's, local here.
	# shellcheck disable=SC2034
	local cur prev words cword split
	_composefix_context || return

	case $prev in
	--format)
		_composefix_words "$cur" text json sarif
		return
		;;
	--color)
		# An optional value, only as --color=WHEN: after a space
		# comes a PATH.
		if [[ $split == true ]]; then
			_composefix_words "$cur" auto always never
			return
		fi
		;;
	--output | --env-file)
		_composefix_files
		return
		;;
	--kind)
		_composefix_words "$cur" compose shell make markdown
		return
		;;
	--only)
		_composefix_categories
		return
		;;
	--bind)
		_composefix_words "$cur" 127.0.0.1 ::1
		if declare -F __ltrim_colon_completions >/dev/null; then
			__ltrim_colon_completions "$cur"
		fi
		return
		;;
	-j | --jobs | --max-size | --allow-port | --allow-service | \
		--include | --exclude)
		# A number, a size, a list or a glob: nothing to offer.
		COMPREPLY=()
		compopt +o default 2>/dev/null
		return
		;;
	esac
	if [[ $split == true ]]; then
		COMPREPLY=()
		return
	fi

	if [[ $cur == -* ]]; then
		_composefix_words "$cur" \
			-d --diff -i --in-place --stdout -q --quiet -v --verbose \
			-j --jobs --max-size --break-hardlinks --follow-outside \
			--bind \
			--fix-explicit --allow-port --allow-service --only --env-file \
			--strict --format --output --color --exclude --include \
			--kind \
			-h --help -V --version
		return
	fi
	# PATH: a file, a directory to search, or - for stdin.
	_composefix_files
}

_composefix_migrate()
{
	# shellcheck disable=SC2034
	local cur prev words cword split
	_composefix_context || return

	case $prev in
	--from)
		_composefix_files
		return
		;;
	--composefix)
		_composefix_files
		return
		;;
	--branch)
		COMPREPLY=()
		compopt +o default 2>/dev/null
		return
		;;
	--only)
		_composefix_categories
		return
		;;
	esac
	if [[ $split == true ]]; then
		COMPREPLY=()
		return
	fi

	if [[ $cur == -* ]]; then
		_composefix_words "$cur" --dry-run --branch --from --composefix \
			--only -h --help
		return
	fi
	# REPO: a directory.
	if declare -F _filedir >/dev/null; then
		_filedir -d
	else
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
	fi
}

complete -o default -F _composefix composefix
complete -o default -F _composefix_migrate composefix-migrate
