#include "markdown.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "edit.h"

/*
 * The edited texts lexed again over the new bytes, in chunks of texts that
 * the caller of markdown_verify() and, once its parse is done, the proof's
 * thread take in turn (whatever else each had to do, the two end
 * together). A chunk is taken only after every chunk before it, so the
 * first chunk that fails, whoever read it, holds the first text that
 * fails, as one pass in file order would say.
 */
#define VERIFY_CHUNK 128 /* texts */

struct share {
	atomic_size_t next; /* the next chunk to take */
	atomic_bool stop;   /* a verdict is known: take no more */
	size_t nchunks;
};

/* One thread's part of it: its own positions, scratch and cursors (it
 * takes its chunks in file order). */
struct verifier {
	struct markdown *m;
	struct source src, nsrc;  /* old and new positions */
	struct shellcmd *scratch; /* whose keep serves as scratch */
	struct edit_cursor cur;
	size_t next;		    /* text_edited()'s */
	struct shellcmd_seg *nsegs; /* a text's segments in the new bytes */
	size_t capnsegs;
	struct diags d;
	int rc; /* 1 every text agrees, 0 one does not (in d), -1 (err) */
	int err;
	size_t failed; /* the chunk it failed in, or SIZE_MAX */
};

static int verifier_init(struct verifier *v, struct markdown *m,
			 const char *new, size_t len, struct shellcmd *scratch);
static void verifier_run(struct verifier *v, struct share *sh);
static void verifier_release(struct verifier *v);

/* The splices applied into m->out, and md_view_same() of it, as a
 * thread's work. */
struct same_job {
	const struct md_view *view;
	const char *new; /* m->out's bytes, once built */
	size_t len;
	const struct edit *e;
	size_t n;
	size_t where;
	int same; /* md_view_same()'s answer; -1 until it gives one */
	int err;  /* its errno when -1 */
	struct markdown *m;
	/* then, when it is 1: this thread's share of the texts */
	struct share *share;
	struct shellcmd scratch;
	struct verifier v;
	bool verifying; /* v to be released */
};

static void applied(struct markdown *m, int rc, int err);

static void *same_run(void *arg)
{
	struct same_job *j = arg;
	struct markdown *m = j->m;
	int rc = edit_apply(m->src->data, m->src->len, j->e, j->n, &m->out);
	j->err = errno;
	/* before they are said built: markdown_take() may move m->out then
	 * (the bytes stay) */
	j->new = m->out.data;
	j->len = m->out.len;
	applied(m, rc, j->err);
	if (rc < 0) {
		return NULL;
	}
	j->same = md_view_same(j->view, j->new, j->len, j->e, j->n, &j->where);
	j->err = errno;
	if (j->same != 1) {
		/* the parse's verdict comes first: the texts need not */
		atomic_store(&j->share->stop, true);
		return NULL;
	}
	if (atomic_load(&j->share->next) >= j->share->nchunks) {
		return NULL; /* the caller took every chunk */
	}
	shellcmd_init(&j->scratch);
	j->verifying = true;
	if (verifier_init(&j->v, m, j->new, j->len, &j->scratch) == 0) {
		verifier_run(&j->v, j->share);
	}
	return NULL;
}

/*
 * The parse of the new bytes (m->out), started as soon as the plan is
 * made: it reads only the view, the splices and m->out, which nothing
 * changes until it is joined, so the findings, the driver's own splicing
 * and the lexing of the edited code run beside it on the other core.
 */
struct markdown_proof {
	struct same_job job;
	struct share share;
	pthread_t tid;
	bool running; /* a thread to join */
	/* m->out is built (markdown_take() waits for it), and how */
	pthread_mutex_t lock;
	pthread_cond_t built;
	bool applied;
	int apply_rc, apply_err;
};

/* The proof's thread says m->out is built: m->planned is set. */
static void applied(struct markdown *m, int rc, int err)
{
	struct markdown_proof *p = m->proof;
	pthread_mutex_lock(&p->lock);
	m->planned = m->out.data;
	m->planned_len = m->out.len;
	p->apply_rc = rc;
	p->apply_err = err;
	p->applied = true;
	pthread_cond_signal(&p->built);
	pthread_mutex_unlock(&p->lock);
}

static int proof_start(struct markdown *m)
{
	m->proof = calloc(1, sizeof(*m->proof));
	if (!m->proof) {
		errno = ENOMEM;
		return -1;
	}
	struct markdown_proof *p = m->proof;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->built, NULL);
	atomic_init(&p->share.next, 0);
	atomic_init(&p->share.stop, false);
	p->share.nchunks = (m->ntexts + VERIFY_CHUNK - 1) / VERIFY_CHUNK;
	p->job = (struct same_job){ .view = &m->view,
				    .e = m->edits,
				    .n = m->sc.nedits,
				    .same = -1,
				    .m = m,
				    .share = &p->share };
	/* a small file's proof costs less than a thread */
	p->running = m->src->len >= m->split_from &&
		     pthread_create(&p->tid, NULL, same_run, &p->job) == 0;
	if (!p->running) {
		same_run(&p->job); /* no thread (to be had): here and now */
	}
	return 0;
}

/* Waits for the parse (if it runs); its answer is in m->proof->job. */
static void proof_finish(struct markdown *m)
{
	if (m->proof && m->proof->running) {
		pthread_join(m->proof->tid, NULL);
		m->proof->running = false;
	}
}

void markdown_init(struct markdown *m)
{
	memset(m, 0, sizeof(*m));
	m->split_from = MARKDOWN_SPLIT_FROM;
	md_view_init(&m->view);
	shellcmd_init(&m->sc);
	buf_init(&m->out);
}

void markdown_release(struct markdown *m)
{
	if (!m) {
		return;
	}
	proof_finish(m); /* it reads what is freed below */
	if (m->proof) {
		if (m->proof->job.verifying) {
			verifier_release(&m->proof->job.v);
			shellcmd_release(&m->proof->job.scratch);
		}
		pthread_mutex_destroy(&m->proof->lock);
		pthread_cond_destroy(&m->proof->built);
	}
	free(m->proof);
	md_view_release(&m->view);
	shellcmd_release(&m->sc);
	for (size_t i = 0; i < m->ntexts; i++) {
		free(m->texts[i].error);
	}
	free(m->texts);
	free(m->segs);
	free(m->edits);
	buf_release(&m->out);
	memset(m, 0, sizeof(*m));
}

bool markdown_text_claims_shell(const struct markdown *m,
				const struct md_text *t)
{
	enum md_lang lang = m->view.units[t->unit].lang;
	return lang == MD_LANG_SHELL || lang == MD_LANG_CONSOLE;
}

/*
 * Whether p[0..n) holds docker, podman or nerdctl, in any case: unlike
 * shellcmd_mentions(), which the whole file passes first, as a block may
 * name the CLI only through a variable ("$DOCKER run") that the analysis
 * reads as one.
 */
static bool names_cli(const char *p, size_t n)
{
	for (size_t i = 0; i + 6 <= n; i++) {
		/* the first two letters first: most text has neither pair */
		char c = p[i] | 0x20, c2 = p[i + 1] | 0x20;
		if (((c == 'd' || c == 'p') && c2 == 'o' &&
		     (!strncasecmp(p + i, "docker", 6) ||
		      !strncasecmp(p + i, "podman", 6))) ||
		    (c == 'n' && c2 == 'e' && n - i >= 7 &&
		     !strncasecmp(p + i, "nerdctl", 7))) {
			return true;
		}
	}
	return false;
}

/* The prompt a line starts with after blanks ('$', '#', '%'), or 0. */
static char prompt_of(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t')) {
		i++;
	}
	if (n - i < 2 || (p[i + 1] != ' ' && p[i + 1] != '\t') ||
	    !strchr("$#%", p[i])) {
		return 0;
	}
	return p[i];
}

/* The length of the line end at off: 2 for CRLF, 1, or 0 at the end. */
static size_t eol_at(const struct source *src, size_t off, bool *ok)
{
	*ok = true;
	if (off == src->len) {
		return 0;
	}
	if (src->data[off] == '\r') {
		return off + 1 < src->len && src->data[off + 1] == '\n' ? 2 : 1;
	}
	if (src->data[off] == '\n') {
		return 1;
	}
	*ok = false;
	return 0;
}

/*
 * Appends the unit's shell segments: a block's lines with their line
 * ends (the analysis reads their concatenation), a span's bytes. Returns
 * 1 when the unit is not to be read, 0, or -1 on ENOMEM.
 */
static int unit_segs(struct markdown *m, const struct source *src,
		     const struct md_unit *u, bool *console)
{
	bool cli = false;
	/* "# " and "% " are prompts in a console block; elsewhere "# " is
	 * a comment, and a session found by its "$ " keeps its comments out
	 * of the analysis (which would read them as root prompts). */
	bool root = u->lang == MD_LANG_CONSOLE;
	*console = false;
	if (u->lang == MD_LANG_OTHER || u->nseg == 0 ||
	    (u->kind == MD_UNIT_SPAN && u->nseg > 1)) {
		return 1;
	}
	/* after the check: a view without segments has none allocated */
	const struct md_seg *seg = m->view.segs + u->seg;
	for (uint32_t i = 0; i < u->nseg; i++) {
		const char *p = src->data + seg[i].off;
		char c = prompt_of(p, seg[i].len);
		cli = cli || names_cli(p, seg[i].len);
		*console = *console || c == '$' || (root && c);
	}
	if (!cli) {
		return 1;
	}
	size_t first = m->nsegs;
	for (uint32_t i = 0; i < u->nseg; i++) {
		bool ok = true;
		char c = prompt_of(src->data + seg[i].off, seg[i].len);
		if (*console && !root && (c == '#' || c == '%')) {
			continue;
		}
		size_t end = (size_t)seg[i].off + seg[i].len;
		size_t eol =
			u->kind == MD_UNIT_SPAN ? 0 : eol_at(src, end, &ok);
		if (!ok) {
			/* a line that stops short of its line end would run
			 * into the next one: not a text we can give */
			m->nsegs = first;
			return 1;
		}
		if (array_grow((void **)&m->segs, &m->capsegs, m->nsegs,
			       sizeof(*m->segs)) < 0) {
			return -1;
		}
		m->segs[m->nsegs].off = seg[i].off;
		m->segs[m->nsegs].len = seg[i].len + eol;
		m->nsegs++;
	}
	return 0;
}

/* Reads texts [from, to) into sc, in file order (src: positions). */
static int analyze_range(struct markdown *m, struct shellcmd *sc,
			 struct source *src, size_t from, size_t to,
			 const struct shellcmd_opts *opts)
{
	for (size_t i = from; i < to; i++) {
		struct md_text *t = &m->texts[i];
		struct shellcmd_input in = { src, m->segs + t->seg, t->nseg,
					     t->dialect };
		struct shellcmd_opts o = *opts;
		o.suppress_all =
			opts->suppress_all || m->view.units[t->unit].ignored;
		free(t->error); /* read again: the second half, after */
		t->error = NULL;
		int rc = shellcmd_analyze(sc, &in, &o);
		if (rc < 0) {
			return -1;
		}
		t->lexed = rc == 0;
		if (rc > 0) {
			t->error = malloc(sizeof(*t->error));
			if (!t->error) {
				errno = ENOMEM;
				return -1;
			}
			*t->error = sc->error;
		}
	}
	return 0;
}

/* The second half of the texts, read on a thread of its own. */
struct half {
	struct markdown *m;
	struct source src; /* its own: source_pos() keeps a cursor */
	const struct shellcmd_opts *opts;
	size_t from, to;
	struct shellcmd sc;
	int rc, err;
};

static void *half_run(void *arg)
{
	struct half *h = arg;
	h->rc = analyze_range(h->m, &h->sc, &h->src, h->from, h->to, h->opts);
	h->err = errno;
	return NULL;
}

/* The texts of the view's units that may hold commands (m->texts, their
 * segments m->segs); *bytes: how many bytes they hold. */
static int texts_of(struct markdown *m, const struct source *src, size_t *bytes)
{
	*bytes = 0;
	for (size_t i = 0; i < m->view.nunits; i++) {
		const struct md_unit *u = &m->view.units[i];
		size_t first = m->nsegs;
		bool console;
		int rc = unit_segs(m, src, u, &console);
		if (rc < 0) {
			return -1;
		}
		if (rc > 0) {
			continue;
		}
		if (array_grow((void **)&m->texts, &m->captexts, m->ntexts,
			       sizeof(*m->texts)) < 0) {
			return -1;
		}
		struct md_text *t = &m->texts[m->ntexts];
		memset(t, 0, sizeof(*t));
		t->unit = (uint32_t)i;
		t->dialect = console ? SHELLCMD_CONSOLE : SHELLCMD_SH;
		t->seg = first;
		t->nseg = m->nsegs - first;
		t->call = m->ntexts++; /* one shellcmd_analyze() call each */
		for (size_t k = first; k < m->nsegs; k++) {
			*bytes += m->segs[k].len;
		}
	}
	return 0;
}

/*
 * Reads every unit that may hold commands into m->sc, in file order. A
 * file with much code is read in two halves on two threads, each into a
 * shellcmd of its own, joined after: the same as one after the other,
 * since a text depends on the ones before only through the variables
 * they set ("DOCKER=podman"); when the first half sets one, the second
 * half is read again after it.
 */
static int analyze(struct markdown *m, struct source *src,
		   const struct shellcmd_opts *opts)
{
	size_t bytes;
	if (texts_of(m, src, &bytes) < 0) {
		return -1;
	}
	if (m->ntexts < 2 || bytes < m->split_from) {
		return analyze_range(m, &m->sc, src, 0, m->ntexts, opts);
	}
	/* where half the bytes are behind */
	size_t k = 0, seen = 0;
	while (k < m->ntexts && seen < bytes / 2) {
		const struct md_text *t = &m->texts[k++];
		for (size_t j = t->seg; j < t->seg + t->nseg; j++) {
			seen += m->segs[j].len;
		}
	}
	struct half h = { .m = m, .opts = opts, .from = k, .to = m->ntexts };
	source_init(&h.src, src->data, src->len);
	shellcmd_init(&h.sc);
	pthread_t tid;
	bool threaded = pthread_create(&tid, NULL, half_run, &h) == 0;
	int rc = analyze_range(m, &m->sc, src, 0, k, opts);
	int err = errno;
	if (threaded) {
		pthread_join(tid, NULL);
	}
	if (rc == 0 && (!threaded || m->sc.nvars > 0)) {
		/* no thread, or the second half may read what the first set:
		 * one after the other */
		shellcmd_release(&h.sc);
		shellcmd_init(&h.sc);
		rc = analyze_range(m, &m->sc, src, k, m->ntexts, opts);
		err = errno;
	} else if (rc == 0 && h.rc < 0) {
		rc = -1;
		err = h.err;
	} else if (rc == 0) {
		rc = shellcmd_append(&m->sc, &h.sc);
		err = errno;
	}
	shellcmd_release(&h.sc);
	source_release(&h.src);
	errno = err;
	return rc;
}

/*
 * A part of the file, from a cut on (mdview.h's md_view_cut()), read on a
 * thread of its own as a file of its own: its view (offsets in the whole
 * file), its texts and their analysis.
 */
struct part {
	struct markdown m;
	struct source src; /* its own: source_pos() keeps a cursor */
	const struct shellcmd_opts *opts;
	size_t at;
	int rc, err;
};

static void *part_run(void *arg)
{
	struct part *p = arg;
	struct markdown *m = &p->m;
	size_t bytes;
	p->rc = -1;
	if (md_view_build(&m->view, m->src->data + p->at,
			  m->src->len - p->at) == 0) {
		md_view_shift(&m->view, (uint32_t)p->at);
		if (texts_of(m, &p->src, &bytes) == 0) {
			p->rc = analyze_range(m, &m->sc, &p->src, 0, m->ntexts,
					      p->opts);
		}
	}
	p->err = errno;
	return NULL;
}

/* shellcmd_append() as a thread's work. */
struct append_job {
	struct shellcmd *to, *from;
	int rc, err;
};

static void *append_run(void *arg)
{
	struct append_job *j = arg;
	j->rc = shellcmd_append(j->to, j->from);
	j->err = errno;
	return NULL;
}

/*
 * Moves the part's view, texts and analysis to the end of m's (the part
 * before the cut): m reads the whole file. When the part before sets a
 * variable, the part after is read again, after it; else its analysis is
 * moved on a thread of its own while this one moves the rest (they share
 * nothing).
 */
static int take_part(struct markdown *m, struct part *p,
		     const struct shellcmd_opts *opts)
{
	struct markdown *pm = &p->m;
	size_t units0 = m->view.nunits, segs0 = m->nsegs, texts0 = m->ntexts;
	struct append_job job = { &m->sc, &pm->sc, 0, 0 };
	pthread_t tid;
	bool moving = m->sc.nvars == 0 &&
		      pthread_create(&tid, NULL, append_run, &job) == 0;
	int rc = 0;
	if (md_view_append(&m->view, &pm->view) < 0 ||
	    array_reserve((void **)&m->texts, &m->captexts,
			  m->ntexts + pm->ntexts, sizeof(*m->texts)) < 0 ||
	    array_reserve((void **)&m->segs, &m->capsegs, m->nsegs + pm->nsegs,
			  sizeof(*m->segs)) < 0) {
		rc = -1;
	}
	if (rc == 0 && pm->nsegs) {
		memcpy(m->segs + m->nsegs, pm->segs,
		       pm->nsegs * sizeof(*m->segs));
		m->nsegs += pm->nsegs;
	}
	for (size_t i = 0; rc == 0 && i < pm->ntexts; i++) {
		struct md_text *t = &m->texts[m->ntexts++];
		*t = pm->texts[i];
		pm->texts[i].error = NULL; /* m's now */
		t->unit += (uint32_t)units0;
		t->seg += segs0;
		t->call += texts0;
	}
	int err = errno;
	if (moving) {
		pthread_join(tid, NULL);
		if (rc == 0 && job.rc < 0) {
			rc = -1;
			err = job.err;
		}
	} else if (rc == 0) {
		rc = m->sc.nvars > 0 ? analyze_range(m, &m->sc, m->src, texts0,
						     m->ntexts, opts)
				     : shellcmd_append(&m->sc, &pm->sc);
		err = errno;
	}
	errno = err;
	return rc;
}

/* m as markdown_init() leaves it, but for what markdown_scan() was given
 * and what tests set: to read the file again, whole. */
static void scan_reset(struct markdown *m)
{
	struct source *src = m->src;
	size_t split_from = m->split_from, cut_at = m->cut_at;
	struct shellcmd_opts opts = m->opts;
	markdown_release(m);
	markdown_init(m);
	m->src = src;
	m->split_from = split_from;
	m->cut_at = cut_at;
	m->opts = opts;
}

/*
 * A large file cut in two (md_view_cut()): the part after the cut parsed
 * and read on a thread of its own while this one does the part before.
 * Returns 1 when m holds the whole file's view and analysis; 0 when the
 * file is not to be cut (or was not cut cleanly: m is then as
 * markdown_init() left it, to read the whole); -1 on ENOMEM.
 */
static int scan_parts(struct markdown *m, struct source *src,
		      const struct shellcmd_opts *opts)
{
	size_t at = m->cut_at ? m->cut_at
			      : md_view_cut(src->data, src->len, src->len / 2);
	if (at == 0) {
		return 0;
	}
	struct part *p = calloc(1, sizeof(*p));
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	markdown_init(&p->m);
	p->m.src = src;
	p->opts = opts;
	p->at = at;
	source_init(&p->src, src->data, src->len);
	pthread_t tid;
	int rc = 0, err = 0;
	if (pthread_create(&tid, NULL, part_run, p) == 0) {
		size_t bytes;
		rc = md_view_build(&m->view, src->data, at);
		if (rc == 0 && !md_view_ends_open(&m->view, src->data, at)) {
			rc = texts_of(m, src, &bytes) < 0 ||
					     analyze_range(m, &m->sc, src, 0,
							   m->ntexts, opts) < 0
				     ? -1
				     : 1;
		}
		err = errno;
		pthread_join(tid, NULL);
		if (rc == 1 && p->rc == 0) {
			rc = take_part(m, p, opts) < 0 ? -1 : 1;
			err = errno;
			m->cut = true;
		} else if (rc == 1 || (rc < 0 && err == EINVAL)) {
			rc = 0; /* the whole may read where a part did not */
		}
	}
	markdown_release(&p->m);
	source_release(&p->src);
	free(p);
	if (rc == 0) {
		/* not cut cleanly: the whole, from the start */
		scan_reset(m);
	}
	errno = err;
	return rc;
}

/* Says why a change is not proven: returns 0, or -1 on ENOMEM. */
static int refuse(struct diags *d, struct source *src, size_t off,
		  const char *what)
{
	unsigned line = 0, col = 0;
	if (source_pos(src, off, &line, &col) < 0 ||
	    diags_add(d, DIAG_ERROR, line, col,
		      "verification failed: %s; nothing was changed",
		      what) < 0) {
		return -1;
	}
	return 0;
}

/* Whether a text holds an edit (edits sorted; *next: the first edit not
 * before the text, moved along as texts come in order). */
static bool text_edited(const struct markdown *m, const struct md_text *t,
			size_t *next)
{
	const struct edit *e = m->edits;
	const struct shellcmd_seg *seg = m->segs + t->seg;
	size_t from = seg[0].off;
	size_t to = seg[t->nseg - 1].off + seg[t->nseg - 1].len;
	while (*next < m->sc.nedits && e[*next].off < from) {
		(*next)++;
	}
	return *next < m->sc.nedits && e[*next].off <= to;
}

static int verifier_init(struct verifier *v, struct markdown *m,
			 const char *new, size_t len, struct shellcmd *scratch)
{
	memset(v, 0, sizeof(*v));
	v->m = m;
	v->scratch = scratch;
	v->rc = 1;
	v->failed = SIZE_MAX;
	source_init(&v->src, m->src->data, m->src->len);
	source_init(&v->nsrc, new, len);
	edit_cursor_init(&v->cur, m->edits, m->sc.nedits);
	diags_init(&v->d);
	return 0;
}

static void verifier_release(struct verifier *v)
{
	free(v->nsegs);
	diags_release(&v->d);
	source_release(&v->src);
	source_release(&v->nsrc);
}

/*
 * Lexes every edited text of [first, last) again over the new bytes and
 * compares: its segments are the old ones moved by the edits
 * (md_view_same() proves that the new parse puts them there). Returns 1
 * when every one agrees, 0 when one does not (an error in v->d), -1 on
 * ENOMEM.
 */
static int verify_chunk(struct verifier *v, size_t first, size_t last)
{
	struct markdown *m = v->m;
	int rc = 1;
	for (size_t i = first; i < last && rc == 1; i++) {
		const struct md_text *t = &m->texts[i];
		if (!t->lexed || !text_edited(m, t, &v->next)) {
			continue;
		}
		const struct shellcmd_seg *seg = m->segs + t->seg;
		if (array_reserve((void **)&v->nsegs, &v->capnsegs, t->nseg,
				  sizeof(*v->nsegs)) < 0) {
			rc = -1;
			break;
		}
		struct shellcmd_seg *nseg = v->nsegs;
		for (size_t k = 0; k < t->nseg && rc == 1; k++) {
			size_t end = seg[k].off + seg[k].len;
			bool joined = k + 1 < t->nseg && seg[k + 1].off == end;
			size_t from, to;
			if (!edit_cursor_map(&v->cur, seg[k].off, false,
					     &from) ||
			    !edit_cursor_map(&v->cur, end, !joined, &to)) {
				rc = refuse(&v->d, &v->src, seg[k].off,
					    "a splice cuts a line apart");
				break;
			}
			nseg[k].off = from;
			nseg[k].len = to - from;
		}
		if (rc != 1) {
			break;
		}
		struct shellcmd_input old = { &v->src, seg, t->nseg,
					      t->dialect };
		struct shellcmd_input now = { &v->nsrc, nseg, t->nseg,
					      t->dialect };
		struct shellcmd_error err;
		int r = shellcmd_verify_with(&m->sc, v->scratch, t->call, &old,
					     &now, &err);
		if (r < 0) {
			rc = -1;
		} else if (r > 0) {
			rc = diags_add(&v->d, DIAG_ERROR, err.line, err.col,
				       "verification failed: %s; nothing "
				       "was changed",
				       err.msg) < 0
				     ? -1
				     : 0;
		}
	}
	return rc;
}

/* Takes chunks until none is left (or a verdict is known). */
static void verifier_run(struct verifier *v, struct share *sh)
{
	while (v->rc == 1 && !atomic_load(&sh->stop)) {
		size_t c = atomic_fetch_add(&sh->next, 1);
		if (c >= sh->nchunks) {
			break;
		}
		size_t last = (c + 1) * VERIFY_CHUNK;
		v->rc = verify_chunk(v, c * VERIFY_CHUNK,
				     last < v->m->ntexts ? last : v->m->ntexts);
		if (v->rc != 1) {
			/* the chunks before it are all taken: the first
			 * failure is among them or this one */
			v->err = errno;
			v->failed = c;
			atomic_store(&sh->stop, true);
		}
	}
}

int markdown_scan(struct markdown *m, struct source *src,
		  const struct shellcmd_opts *opts)
{
	m->src = src;
	m->opts = *opts;
	/* A file that never names a container CLI holds no command to fix:
	 * not even parsed (as the shell front end does not lex one). */
	if (!shellcmd_mentions(src->data, src->len)) {
		return 0;
	}
	int parts = src->len >= m->split_from ? scan_parts(m, src, opts) : 0;
	if (parts > 0 && m->sc.nedits == 0) {
		/* nothing to change, so no new bytes to parse whole: the old
		 * ones are (see m->cut) */
		size_t where;
		parts = md_view_same(&m->view, src->data, src->len, NULL, 0,
				     &where);
		if (parts == 0) {
			scan_reset(m);
		}
	}
	if (parts < 0 ||
	    (parts == 0 && (md_view_build(&m->view, src->data, src->len) < 0 ||
			    analyze(m, src, opts) < 0))) {
		return -1;
	}
	size_t n = m->sc.nedits;
	if (n == 0) {
		return 0;
	}
	/* The analysis keeps each finding's splices together; the file
	 * needs them in file order (stable: two at one offset keep theirs). */
	m->edits = malloc(n * sizeof(*m->edits));
	if (!m->edits) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(m->edits, m->sc.edits, n * sizeof(*m->edits));
	m->edits_ok = edit_sort_check(m->edits, n, src->len) == 0;
	size_t bad;
	if (!m->edits_ok ||
	    !md_view_edits_inside(&m->view, m->edits, n, &bad)) {
		return 0; /* markdown_verify() refuses, and says why */
	}
	return proof_start(m);
}

/* Whether b plans what a plans: the same findings and splices. */
static bool same_plan(const struct markdown *a, const struct markdown *b)
{
	if (a->sc.n != b->sc.n || a->sc.nedits != b->sc.nedits) {
		return false;
	}
	for (size_t i = 0; i < a->sc.n; i++) {
		const struct shellcmd_finding *x = &a->sc.v[i];
		const struct shellcmd_finding *y = &b->sc.v[i];
		if (x->kind != y->kind || x->off != y->off ||
		    x->value_end != y->value_end || !x->fixed != !y->fixed ||
		    (x->fixed && strcmp(x->fixed, y->fixed) != 0)) {
			return false;
		}
	}
	for (size_t i = 0; i < a->sc.nedits; i++) {
		const struct edit *x = &a->edits[i], *y = &b->edits[i];
		if (x->off != y->off || x->del != y->del ||
		    x->ins_len != y->ins_len ||
		    memcmp(x->ins, y->ins, x->ins_len) != 0) {
			return false;
		}
	}
	return true;
}

/*
 * The proof of a file read in two parts failed: the file read again
 * whole, and when that plans the same, its proof is the answer (else the
 * findings already given are not the whole's: nothing may be written).
 */
static int verify_whole(struct markdown *m, const char *new, size_t len,
			struct diags *d)
{
	struct markdown *w = malloc(sizeof(*w));
	if (!w) {
		errno = ENOMEM;
		return -1;
	}
	markdown_init(w);
	w->split_from = SIZE_MAX;
	int rc = markdown_scan(w, m->src, &m->opts);
	if (rc == 0) {
		rc = same_plan(m, w)
			     ? markdown_verify(w, new, len, d)
			     : refuse(d, m->src, 0,
				      "the file reads otherwise parsed whole");
	}
	int err = errno;
	markdown_release(w);
	free(w);
	errno = err;
	return rc;
}

int markdown_verify(struct markdown *m, const char *new, size_t len,
		    struct diags *d)
{
	struct source *src = m->src;
	const struct edit *e = m->edits;
	size_t n = m->sc.nedits;
	size_t bad;

	if (n == 0) {
		if (len == src->len && !memcmp(new, src->data, len)) {
			return 1;
		}
		return refuse(d, src, 0, "the text changed without a splice");
	}
	if (!m->edits_ok) {
		return refuse(d, src, 0, "overlapping splices");
	}
	if (!md_view_edits_inside(&m->view, e, n, &bad)) {
		return refuse(d, src, e[bad].off,
			      "a splice outside a code block or span");
	}
	/* The new bytes must be the old ones with exactly these splices
	 * (the parse's thread builds those): what follows compares positions
	 * and words, not every byte. Their length first, as the texts are
	 * read at the places the splices move them to. */
	size_t planned = src->len;
	for (size_t i = 0; i < n; i++) {
		planned += e[i].ins_len - e[i].del;
	}
	if (len != planned) {
		return refuse(d, src, 0, "the text is not the planned one");
	}
	if (!m->proof && proof_start(m) < 0) {
		return -1;
	}
	/* The parse runs since markdown_scan(); the texts are lexed again
	 * here meanwhile, and on its thread too once it is done. The
	 * verdicts count in the order one pass would give them: the parse
	 * first, then the texts in file order. */
	struct same_job *job = &m->proof->job;
	struct verifier v;
	if (verifier_init(&v, m, new, len, &m->sc) == 0) {
		verifier_run(&v, &m->proof->share);
	}
	proof_finish(m);
	const struct verifier *pv = job->verifying ? &job->v : NULL;
	int rc = 1, err = 0;
	if (job->same < 0 || v.rc < 0 || (pv && pv->rc < 0)) {
		rc = -1;
		err = job->same < 0 ? job->err : v.rc < 0 ? v.err : pv->err;
	} else if (new != m->planned && memcmp(new, m->planned, len) != 0) {
		rc = refuse(d, src, 0, "the text is not the planned one");
		err = errno;
	} else if (job->same == 0) {
		rc = m->cut ? verify_whole(m, new, len, d)
			    : refuse(d, src, job->where,
				     "the Markdown would not parse the same");
		err = errno;
	} else if (v.rc == 0 || (pv && pv->rc == 0)) {
		const struct verifier *first =
			!pv || (v.rc == 0 && v.failed < pv->failed) ? &v : pv;
		rc = 0;
		for (size_t i = 0; i < first->d.n; i++) {
			const struct diag *g = &first->d.v[i];
			if (diags_add(d, g->severity, g->line, g->col, "%s",
				      g->msg) < 0) {
				rc = -1;
				err = errno;
			}
		}
	}
	verifier_release(&v);
	errno = err;
	return rc;
}

int markdown_take(struct markdown *m, const struct edit *e, size_t n,
		  struct buf *out)
{
	struct markdown_proof *p = m->proof;
	if (!p || n != m->sc.nedits) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct edit *x = &m->edits[i];
		if (x->off != e[i].off || x->del != e[i].del ||
		    x->ins_len != e[i].ins_len ||
		    memcmp(x->ins, e[i].ins, x->ins_len) != 0) {
			return 0;
		}
	}
	pthread_mutex_lock(&p->lock);
	while (!p->applied) {
		pthread_cond_wait(&p->built, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	if (p->apply_rc < 0) {
		errno = p->apply_err;
		return -1;
	}
	buf_release(out);
	*out = m->out; /* the bytes stay where the proof reads them */
	buf_init(&m->out);
	return 1;
}

int markdown_run(struct markdown *m, struct source *src,
		 const struct shellcmd_opts *opts, struct diags *d)
{
	if (markdown_scan(m, src, opts) < 0) {
		return -1;
	}
	if (m->sc.nedits == 0) {
		return 0;
	}
	proof_finish(m); /* it builds m->out */
	if (m->edits_ok && !m->out.data &&
	    edit_apply(src->data, src->len, m->edits, m->sc.nedits, &m->out) <
		    0) {
		return -1;
	}
	int rc = markdown_verify(m, m->out.data, m->out.len, d);
	return rc < 0 ? -1 : !rc;
}
