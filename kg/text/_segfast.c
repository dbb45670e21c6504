/* The two inner loops of kg.text.segment in C: jieba.posseg's Viterbi search over its HMM (the same sums in the
 * same order, the same choice among equal scores, so the same path as jieba.posseg.viterbi.viterbi) and the walk
 * over rjieba's route that glues single-character steps into runs (segment._cut_block). Optional: without this
 * module (no compiler when kg was installed) kg.text.segment does the same in Python, and tests/text/test_segment.py
 * checks that both give the same tokens and tags. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The HMM, given once by setup(): states are numbered in sorted order, so a larger number is a larger state, as
 * Python's max over (score, state) pairs compares them. */
static int n_states = 0;
static double *start_logp = NULL;      /* [state] */
static double *trans_logp = NULL;      /* [before * n + after], -inf where there is no transition */
static unsigned char *trans_ok = NULL; /* [before * n + after] */
static int *pred_start = NULL;         /* [state]: where the state's predecessors start in pred_list ([n]: the end) */
static int *pred_list = NULL;          /* the states with a transition into each state, in increasing order */
static int *succ_start = NULL;         /* the same for the states each state has a transition into */
static int *succ_list = NULL;
static double min_float = -3.14e100;   /* jieba's score of an emission the table lacks */
static PyObject *emissions = NULL;     /* char -> (bytes of int32 states, bytes of doubles) */
static PyObject *char_states = NULL;   /* char -> bytes of int32 states the character may take */

/* The states linked to each state by an allowed transition, in increasing order: into it (`into`, its predecessors)
 * or out of it (its successors); 0 when out of memory. */
static int adjacency(int n, int into, int **starts, int **list) {
    free(*starts); free(*list);
    *starts = malloc(sizeof(int) * (n + 1));
    *list = malloc(sizeof(int) * ((size_t)n * n + 1));
    if (!*starts || !*list) return 0;
    int k = 0;
    for (int a = 0; a < n; a++) {
        (*starts)[a] = k;
        for (int b = 0; b < n; b++)
            if (trans_ok[into ? (size_t)b * n + a : (size_t)a * n + b]) (*list)[k++] = b;
    }
    (*starts)[n] = k;
    return 1;
}

/* Whether a state has a transition out (jieba's search drops a state that leads on to none). */
static int leads_on(int y) { return succ_start[y + 1] > succ_start[y]; }

static PyObject *setup(PyObject *self, PyObject *args) {
    int n;
    Py_buffer start, trans, ok;
    PyObject *emit, *states;
    double floor;
    if (!PyArg_ParseTuple(args, "iy*y*y*O!O!d", &n, &start, &trans, &ok, &PyDict_Type, &emit,
                          &PyDict_Type, &states, &floor))
        return NULL;
    PyObject *result = NULL;
    if (n <= 0 || start.len != (Py_ssize_t)(n * sizeof(double)) ||
        trans.len != (Py_ssize_t)((size_t)n * n * sizeof(double)) || ok.len != (Py_ssize_t)n * n) {
        PyErr_SetString(PyExc_ValueError, "setup: tables of the wrong size");
        goto done;
    }
    free(start_logp); free(trans_logp); free(trans_ok);
    start_logp = malloc(start.len); trans_logp = malloc(trans.len); trans_ok = malloc(ok.len);
    if (!start_logp || !trans_logp || !trans_ok) {
        n_states = 0;
        PyErr_NoMemory();
        goto done;
    }
    memcpy(start_logp, start.buf, start.len);
    memcpy(trans_logp, trans.buf, trans.len);
    memcpy(trans_ok, ok.buf, ok.len);
    if (!adjacency(n, 1, &pred_start, &pred_list) || !adjacency(n, 0, &succ_start, &succ_list)) {
        n_states = 0;
        PyErr_NoMemory();
        goto done;
    }
    Py_INCREF(emit); Py_XSETREF(emissions, emit);
    Py_INCREF(states); Py_XSETREF(char_states, states);
    min_float = floor;
    n_states = n;
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&start); PyBuffer_Release(&trans); PyBuffer_Release(&ok);
    return result;
}

/* The emission log probabilities of `ch` for every state (min_float where the table has none). */
static int fill_emissions(PyObject *ch, double *row) {
    int n = n_states;
    for (int y = 0; y < n; y++) row[y] = min_float;
    PyObject *found = PyDict_GetItemWithError(emissions, ch);
    if (found == NULL) return PyErr_Occurred() ? -1 : 0;
    PyObject *idx = PyTuple_GET_ITEM(found, 0), *val = PyTuple_GET_ITEM(found, 1);
    Py_ssize_t k = PyBytes_GET_SIZE(idx) / sizeof(int);
    const int *states = (const int *)PyBytes_AS_STRING(idx);
    const double *values = (const double *)PyBytes_AS_STRING(val);
    for (Py_ssize_t i = 0; i < k; i++) row[states[i]] = values[i];
    return 0;
}

/* Which states `ch` may take (all of them for a character the table does not know). */
static int fill_char_states(PyObject *ch, unsigned char *mask) {
    PyObject *found = PyDict_GetItemWithError(char_states, ch);
    if (found == NULL) {
        if (PyErr_Occurred()) return -1;
        memset(mask, 1, n_states);
        return 0;
    }
    memset(mask, 0, n_states);
    Py_ssize_t k = PyBytes_GET_SIZE(found) / sizeof(int);
    const int *states = (const int *)PyBytes_AS_STRING(found);
    for (Py_ssize_t i = 0; i < k; i++) mask[states[i]] = 1;
    return 0;
}

/* jieba.posseg.viterbi.viterbi(obs, char_state_tab_P, start_P, trans_P, emit_P)'s route, as state numbers; None
 * where jieba's own search fails (a step no previous state leads on from), left to the Python search. */
static PyObject *viterbi(PyObject *self, PyObject *obs) {
    if (!PyUnicode_Check(obs)) {
        PyErr_SetString(PyExc_TypeError, "viterbi: a str is needed");
        return NULL;
    }
    if (n_states == 0) {
        PyErr_SetString(PyExc_RuntimeError, "viterbi: setup() first");
        return NULL;
    }
    int n = n_states;
    Py_ssize_t len = PyUnicode_GET_LENGTH(obs);
    if (len == 0) return PyList_New(0);
    PyObject *result = NULL;
    double *scores = malloc(sizeof(double) * n), *next = malloc(sizeof(double) * n), *emit = malloc(sizeof(double) * n);
    unsigned char *keys = calloc((size_t)len * n, 1); /* keys[t * n + y]: y is a state of step t (mem_path[t]) */
    int *back = malloc(sizeof(int) * (size_t)len * n);
    unsigned char *mask = malloc(n), *expect = malloc(n);
    int *prev = malloc(sizeof(int) * n);
    if (!scores || !next || !emit || !keys || !back || !mask || !expect || !prev) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *ch = PyUnicode_Substring(obs, 0, 1);
    if (ch == NULL) goto done;
    int failed = fill_emissions(ch, emit) < 0 || fill_char_states(ch, mask) < 0;
    Py_DECREF(ch);
    if (failed) goto done;
    for (int y = 0; y < n; y++) {
        if (mask[y]) {
            keys[y] = 1;
            scores[y] = start_logp[y] + emit[y];
        }
    }
    for (Py_ssize_t t = 1; t < len; t++) {
        const unsigned char *was = keys + (t - 1) * n;
        unsigned char *is = keys + t * n;
        int n_prev = 0;
        for (int y0 = 0; y0 < n; y0++)
            if (was[y0] && leads_on(y0)) prev[n_prev++] = y0;
        if (n_prev == 0) { /* jieba's max() over no previous state raises; the Python search says the same */
            result = Py_NewRef(Py_None);
            goto done;
        }
        memset(expect, 0, n);
        for (int p = 0; p < n_prev; p++)
            for (int q = succ_start[prev[p]]; q < succ_start[prev[p] + 1]; q++) expect[succ_list[q]] = 1;
        ch = PyUnicode_Substring(obs, t, t + 1);
        if (ch == NULL) goto done;
        failed = fill_emissions(ch, emit) < 0 || fill_char_states(ch, mask) < 0;
        Py_DECREF(ch);
        if (failed) goto done;
        int any = 0, any_expected = 0;
        for (int y = 0; y < n; y++) {
            mask[y] &= expect[y];
            any |= mask[y];
            any_expected |= expect[y];
        }
        if (!any) {
            if (any_expected) memcpy(mask, expect, n);
            else memset(mask, 1, n);
        }
        int *step_back = back + t * n;
        for (int y = 0; y < n; y++) {
            if (!mask[y]) continue;
            /* jieba's max over (score, previous state) of every previous state: the larger score, among equal
             * ones the larger state. A previous state without a transition into y scores -inf, so the best is
             * among y's predecessors unless they too score -inf (or there are none): then every previous state
             * ties at -inf and the largest of them wins. */
            double best = 0.0;
            int best_state = -1;
            for (int p = pred_start[y]; p < pred_start[y + 1]; p++) {
                int y0 = pred_list[p];
                if (!was[y0]) continue; /* (a predecessor leads on: it is one of prev if it was a state of t-1) */
                double value = scores[y0] + trans_logp[(size_t)y0 * n + y] + emit[y];
                if (best_state < 0 || value >= best) {
                    best = value;
                    best_state = y0;
                }
            }
            if (best_state < 0 || best == -INFINITY) {
                best = -INFINITY;
                best_state = prev[n_prev - 1];
            }
            next[y] = best;
            step_back[y] = best_state;
            is[y] = 1;
        }
        double *swap = scores;
        scores = next;
        next = swap;
    }
    const unsigned char *last = keys + (len - 1) * n;
    double best = 0.0;
    int state = -1;
    for (int y = 0; y < n; y++) {
        if (last[y] && (state < 0 || scores[y] >= best)) {
            best = scores[y];
            state = y;
        }
    }
    result = PyList_New(len);
    if (result == NULL) goto done;
    for (Py_ssize_t i = len - 1; i >= 0; i--) {
        PyObject *number = PyLong_FromLong(state);
        if (number == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, number);
        if (i > 0) state = back[i * n + state];
    }
done:
    free(scores); free(next); free(emit); free(keys); free(back); free(mask); free(expect); free(prev);
    return result;
}

/* tags.get(word, "x") */
static PyObject *tag_of(PyObject *tags, PyObject *word, PyObject *unknown) {
    PyObject *tag = PyDict_GetItemWithError(tags, word);
    if (tag == NULL) return PyErr_Occurred() ? NULL : Py_NewRef(unknown);
    return Py_NewRef(tag);
}

static int append_pair(PyObject *out, PyObject *word, PyObject *tags, PyObject *unknown) {
    PyObject *tag = tag_of(tags, word, unknown);
    if (tag == NULL) return -1;
    PyObject *pair = PyTuple_Pack(2, word, tag);
    Py_DECREF(tag);
    if (pair == NULL) return -1;
    int failed = PyList_Append(out, pair);
    Py_DECREF(pair);
    return failed;
}

/* not freq.get(word): the dictionary lacks the word (or has it at 0) */
static int unknown_word(PyObject *freq, PyObject *word) {
    PyObject *count = PyDict_GetItemWithError(freq, word);
    if (count == NULL) return PyErr_Occurred() ? -1 : 1;
    int truth = PyObject_IsTrue(count);
    return truth < 0 ? -1 : !truth;
}

/* segment._flush: a run of single-character route steps. */
static int flush(PyObject *buf, PyObject *tags, PyObject *freq, PyObject *unknown_run, PyObject *out,
                 PyObject *unknown) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(buf);
    if (len == 1) return append_pair(out, buf, tags, unknown);
    int lacks = unknown_word(freq, buf);
    if (lacks < 0) return -1;
    if (lacks) {
        PyObject *cut = PyObject_CallOneArg(unknown_run, buf);
        if (cut == NULL) return -1;
        PyObject *items = PySequence_Fast(cut, "unknown_run must give a sequence");
        Py_DECREF(cut);
        if (items == NULL) return -1;
        Py_ssize_t k = PySequence_Fast_GET_SIZE(items);
        for (Py_ssize_t i = 0; i < k; i++) {
            if (PyList_Append(out, PySequence_Fast_GET_ITEM(items, i)) < 0) {
                Py_DECREF(items);
                return -1;
            }
        }
        Py_DECREF(items);
        return 0;
    }
    for (Py_ssize_t i = 0; i < len; i++) {
        PyObject *ch = PyUnicode_Substring(buf, i, i + 1);
        if (ch == NULL) return -1;
        int failed = append_pair(out, ch, tags, unknown);
        Py_DECREF(ch);
        if (failed) return -1;
    }
    return 0;
}

/* An ASCII word of letters and digits only (str.isascii() and str.isalnum()). */
static int ascii_alnum(PyObject *word) {
    if (!PyUnicode_IS_ASCII(word)) return 0;
    Py_ssize_t len = PyUnicode_GET_LENGTH(word);
    if (len == 0) return 0;
    const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(word);
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS1 c = chars[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return 0;
    }
    return 1;
}

/* segment._cut_block's walk over rjieba's route `words` (a list), appending (word, tag) pairs to `out`. */
static int walk_route(PyObject *words, PyObject *tags, PyObject *freq, PyObject *unknown_run, PyObject *out,
                      PyObject *unknown) {
    PyObject *buf = NULL; /* the run of single-character steps so far */
    Py_ssize_t count = PyList_GET_SIZE(words);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "cut_block: words must be str");
            goto fail;
        }
        int single = PyUnicode_GET_LENGTH(word) == 1;
        if (!single && ascii_alnum(word)) {
            single = unknown_word(freq, word);
            if (single < 0) goto fail;
        }
        if (single) {
            if (buf == NULL) {
                buf = Py_NewRef(word);
            } else {
                PyObject *joined = PyUnicode_Concat(buf, word);
                if (joined == NULL) goto fail;
                Py_SETREF(buf, joined);
            }
            continue;
        }
        if (buf != NULL) {
            int failed = flush(buf, tags, freq, unknown_run, out, unknown);
            Py_CLEAR(buf);
            if (failed) goto fail;
        }
        if (append_pair(out, word, tags, unknown) < 0) goto fail;
    }
    if (buf != NULL) {
        int failed = flush(buf, tags, freq, unknown_run, out, unknown);
        Py_CLEAR(buf);
        if (failed) goto fail;
    }
    return 0;
fail:
    Py_XDECREF(buf);
    return -1;
}

static PyObject *cut_block(PyObject *self, PyObject *args) {
    PyObject *words, *tags, *freq, *unknown_run, *out;
    if (!PyArg_ParseTuple(args, "O!O!O!OO!", &PyList_Type, &words, &PyDict_Type, &tags, &PyDict_Type, &freq,
                          &unknown_run, &PyList_Type, &out))
        return NULL;
    PyObject *unknown = PyUnicode_FromString("x");
    if (unknown == NULL) return NULL;
    int failed = walk_route(words, tags, freq, unknown_run, out, unknown);
    Py_DECREF(unknown);
    if (failed) return NULL;
    Py_RETURN_NONE;
}

/* A character of jieba.posseg's blocks: [\u4e00-\u9fd5a-zA-Z0-9+#&\._] (segment._HAN_BLOCK). */
static int block_char(Py_UCS4 c) {
    return (c >= 0x4e00 && c <= 0x9fd5) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == '+' || c == '#' || c == '&' || c == '.' || c == '_';
}

/* segment._fast_tag's (word, tag) pairs as the columns recognize.Tokens keeps: (words, tags, starts, by_end), the
 * tuples of the words, of their tags and of their starts, and the word index by end position. `cut` is the fast
 * engine's cut, `other_block` segment._other_block for the pieces between blocks. */
static PyObject *columns(PyObject *self, PyObject *args) {
    PyObject *text, *cut, *tags, *freq, *unknown_run, *other_block;
    if (!PyArg_ParseTuple(args, "UOO!O!OO", &text, &cut, &PyDict_Type, &tags, &PyDict_Type, &freq, &unknown_run,
                          &other_block))
        return NULL;
    PyObject *unknown = PyUnicode_FromString("x");
    PyObject *out = PyList_New(0);
    PyObject *words = NULL, *word_tags = NULL, *starts = NULL, *by_end = NULL, *result = NULL;
    if (unknown == NULL || out == NULL) goto done;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < len;) {
        int in_block = block_char(PyUnicode_READ(kind, data, i));
        Py_ssize_t j = i + 1;
        while (j < len && block_char(PyUnicode_READ(kind, data, j)) == in_block) j++;
        PyObject *piece = PyUnicode_Substring(text, i, j);
        if (piece == NULL) goto done;
        PyObject *got = in_block ? PyObject_CallFunctionObjArgs(cut, piece, Py_False, NULL)
                                 : PyObject_CallOneArg(other_block, piece);
        Py_DECREF(piece);
        if (got == NULL) goto done;
        int failed;
        if (in_block) {
            failed = !PyList_Check(got);
            if (failed) PyErr_SetString(PyExc_TypeError, "columns: the engine's cut must give a list");
            else failed = walk_route(got, tags, freq, unknown_run, out, unknown) < 0;
        } else {
            PyObject *items = PySequence_Fast(got, "other_block must give a sequence");
            failed = items == NULL;
            for (Py_ssize_t k = 0; !failed && k < PySequence_Fast_GET_SIZE(items); k++)
                failed = PyList_Append(out, PySequence_Fast_GET_ITEM(items, k)) < 0;
            Py_XDECREF(items);
        }
        Py_DECREF(got);
        if (failed) goto done;
        i = j;
    }
    Py_ssize_t count = PyList_GET_SIZE(out);
    words = PyTuple_New(count);
    word_tags = PyTuple_New(count);
    starts = PyTuple_New(count);
    by_end = PyDict_New();
    if (words == NULL || word_tags == NULL || starts == NULL || by_end == NULL) goto done;
    Py_ssize_t at = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *pair = PyList_GET_ITEM(out, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0))) {
            PyErr_SetString(PyExc_TypeError, "columns: (word, tag) pairs expected");
            goto done;
        }
        PyObject *word = PyTuple_GET_ITEM(pair, 0);
        PyTuple_SET_ITEM(words, k, Py_NewRef(word));
        PyTuple_SET_ITEM(word_tags, k, Py_NewRef(PyTuple_GET_ITEM(pair, 1)));
        PyObject *start = PyLong_FromSsize_t(at);
        if (start == NULL) goto done;
        PyTuple_SET_ITEM(starts, k, start);
        at += PyUnicode_GET_LENGTH(word);
        PyObject *end = PyLong_FromSsize_t(at), *index = PyLong_FromSsize_t(k);
        int failed = end == NULL || index == NULL || PyDict_SetItem(by_end, end, index) < 0;
        Py_XDECREF(end);
        Py_XDECREF(index);
        if (failed) goto done;
    }
    result = PyTuple_Pack(4, words, word_tags, starts, by_end);
done:
    Py_XDECREF(unknown); Py_XDECREF(out); Py_XDECREF(words); Py_XDECREF(word_tags); Py_XDECREF(starts);
    Py_XDECREF(by_end);
    return result;
}

static PyMethodDef methods[] = {
    {"setup", setup, METH_VARARGS,
     "setup(n, start, trans, allowed, emissions, char_states, min_float): the HMM's tables."},
    {"viterbi", viterbi, METH_O, "viterbi(run) -> the best route's state numbers (None where jieba's fails)."},
    {"cut_block", cut_block, METH_VARARGS,
     "cut_block(route, tags, freq, unknown_run, out): (word, tag) pairs of one block appended to out."},
    {"columns", columns, METH_VARARGS,
     "columns(text, cut, tags, freq, unknown_run, other_block) -> (words, tags, starts, by_end) of the text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_segfast", NULL, -1, methods};

PyMODINIT_FUNC PyInit__segfast(void) { return PyModule_Create(&module); }
