# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled parts of ``gazetteer.fast``: the scan of runs of capitalised words (their name
ids and the particles between them, in one pass over the text) and the choice of each
name's place by the text's other places. ``gazetteer.fast._find_runs_re`` and
``gazetteer.fast._choose_places_np`` do the same with a regular expression and numpy; the
tests hold each pair to the same output."""

import numpy as np

from cpython cimport array

from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject
from cpython.set cimport PySet_Contains
from cpython.unicode cimport PyUnicode_Substring

cdef extern from "Python.h":
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    int PyUnicode_KIND(object)
    void *PyUnicode_DATA(object)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)


cdef inline bint _word(Py_UCS4 ch):
    """A character of ``[\\w’'\\-]``."""
    if ch < 128:
        return 48 <= ch <= 57 or 65 <= ch <= 90 or 97 <= ch <= 122 or ch == 95 or ch == 45 \
            or ch == 39
    return ch == 0x2019 or Py_UNICODE_ISALNUM(ch)


cdef inline void _push(array.array values, Py_ssize_t *size, long long value):
    if size[0] == len(values):
        array.resize_smart(values, 2 * size[0] + 16)
    values.data.as_longlongs[size[0]] = value
    size[0] += 1


cdef inline bint _lower(Py_UCS4 ch):
    return 97 <= ch <= 122


def find_runs(str text, dict surface, dict readings, frozenset gaps, frozenset joins,
              dict type_words, const unsigned char[:] capital, Py_ssize_t longest_gap):
    """Runs of ``text`` as (runs, starts, ends, ids, masks, pending, fresh, joins, joints):
    each run, where it starts and ends, its name id in ``surface`` (-1 for none), the value
    in ``type_words`` of the lower-case word after it (0 for none or after a possessive:
    "Idlib province", not "Syria's province"); the indices
    of the runs that are no name as written and whose reading in ``readings`` is not
    empty, and the runs with no reading yet and their indices; the
    indices k whose gap to run k + 1 is in ``gaps`` (a gap of a word, " of ", only after
    a word it follows in ``joins``: "Sea of "), and those gaps. ``capital[c]`` tells
    whether code point c < len(capital) opens a run."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n_capital = capital.shape[0]
    cdef Py_ssize_t i = 0, j, start, previous_start = 0, previous_end = -1, count = 0
    cdef Py_UCS4 ch
    cdef PyObject *hit
    cdef object run, gap
    cdef list runs = []
    cdef array.array starts = array.array("q"), ids = array.array("q")
    cdef array.array ends = array.array("q"), masks = array.array("q")
    cdef Py_ssize_t n_masks = 0
    cdef long long mask
    cdef PyObject *typed
    cdef Py_UCS4 last
    cdef list joined = [], joints = [], pending = []
    cdef dict fresh = {}
    cdef PyObject *seen
    cdef PyObject *reading
    cdef Py_ssize_t n_starts = 0, n_ends = 0, n_ids = 0
    while i < n:
        ch = PyUnicode_READ(kind, data, i)
        if ch >= n_capital or not capital[ch]:
            i += 1
            continue
        start = i
        i += 1
        while True:
            while i < n and _word(PyUnicode_READ(kind, data, i)):
                i += 1
            if i + 1 < n and PyUnicode_READ(kind, data, i) == 32:
                ch = PyUnicode_READ(kind, data, i + 1)
                if ch < n_capital and capital[ch]:
                    i += 2
                    continue
            break
        run = PyUnicode_Substring(text, start, i)
        if count and start - previous_end <= longest_gap and \
                PyUnicode_READ(kind, data, previous_end) == 32:
            gap = PyUnicode_Substring(text, previous_end, start)
            if PySet_Contains(gaps, gap):
                j = previous_end
                if PyUnicode_READ(kind, data, start - 1) == 32:  # a word: "Sea of Azov"
                    while j > previous_start and PyUnicode_READ(kind, data, j - 1) != 32:
                        j -= 1
                if j == previous_end or PySet_Contains(
                        joins, PyUnicode_Substring(text, j, start)):
                    joined.append(count - 1)
                    joints.append(gap)
        runs.append(run)
        _push(starts, &n_starts, start)
        _push(ends, &n_ends, i)
        hit = PyDict_GetItem(surface, run)
        if hit is not NULL:
            _push(ids, &n_ids, <object>hit)
        else:
            _push(ids, &n_ids, -1)
            reading = PyDict_GetItem(readings, run)
            if reading is NULL:
                seen = PyDict_GetItem(fresh, run)
                if seen is NULL:
                    fresh[run] = [count]
                else:
                    (<list>seen).append(count)
            elif <object>reading:
                pending.append(count)
        mask = 0
        last = PyUnicode_READ(kind, data, i - 1)
        if i + 1 < n and PyUnicode_READ(kind, data, i) == 32 and not (
                last == 39 or last == 0x2019 or last == 115 and i - start >= 3 and (
                    PyUnicode_READ(kind, data, i - 2) == 39 or
                    PyUnicode_READ(kind, data, i - 2) == 0x2019)):
            j = i + 1
            while j < n and j - i - 1 < 16 and _lower(PyUnicode_READ(kind, data, j)):
                j += 1
            if j > i + 1 and not (j < n and _lower(PyUnicode_READ(kind, data, j))):
                typed = PyDict_GetItem(type_words, PyUnicode_Substring(text, i + 1, j))
                if typed is not NULL:
                    mask = <object>typed
        _push(masks, &n_masks, mask)
        previous_start, previous_end = start, i
        count += 1
    array.resize(starts, n_starts)
    array.resize(ids, n_ids)
    array.resize(ends, n_ends)
    array.resize(masks, n_masks)
    return runs, starts, ends, ids, masks, pending, fresh, joined, joints


def choose_places(const long long[:] lead_doc, const double[:] weight,
                  const long long[:] first, const long long[:] count, const double[:] score,
                  const int[:] country, const signed char[:] kind, const int[:] admin1,
                  Py_ssize_t n_countries, Py_ssize_t n_admin1, double w_country,
                  double w_admin1, int rounds, int kind_country, int kind_admin1,
                  int kind_city):
    """(leader, total): each hit's chosen candidate row and every row's score with the
    document evidence. Hits come text by text; hit h's candidate rows are
    first[h] .. first[h] + count[h] - 1, the first of them leading at the start."""
    cdef Py_ssize_t n_hits = lead_doc.shape[0], h0 = 0, h1, h, r, best, a
    cdef int c, lead_country, lead_admin1, round_
    cdef double total_country, total_admin1, own, votes, evidence, value, best_value
    leader_array = np.asarray(first, dtype=np.int64).copy()
    total_array = np.asarray(score, dtype=np.float64).copy()
    chosen_array = leader_array.copy()
    country_votes_array = np.zeros(n_countries)
    admin1_votes_array = np.zeros(n_admin1)
    cdef long long[:] leader = leader_array, chosen = chosen_array
    cdef double[:] total = total_array
    cdef double[:] country_votes = country_votes_array, admin1_votes = admin1_votes_array
    cdef bint open_text
    while h0 < n_hits:
        h1 = h0
        open_text = False
        while h1 < n_hits and lead_doc[h1] == lead_doc[h0]:
            open_text = open_text or count[h1] > 1
            h1 += 1
        for round_ in range(rounds if open_text else 0):
            total_country = total_admin1 = 0.0
            for h in range(h0, h1):
                r = leader[h]
                if country[r] != 0:
                    country_votes[country[r]] += weight[h]
                    total_country += weight[h]
                if admin1[r] > 0 and kind[r] != kind_country:
                    admin1_votes[admin1[r]] += weight[h]
                    total_admin1 += weight[h]
            total_country = max(total_country, 1.0)
            total_admin1 = max(total_admin1, 1.0)
            for h in range(h0, h1):
                if count[h] < 2:
                    continue
                lead_country, lead_admin1 = country[leader[h]], admin1[leader[h]]
                best, best_value = -1, 0.0
                for r in range(first[h], first[h] + count[h]):
                    evidence = 0.0
                    c = country[r]
                    if kind[r] != kind_country:
                        own = 0.6 if lead_country == c else 0.0
                        votes = country_votes[c] if c != 0 else 0.0
                        evidence = w_country * (max(0.0, votes - own) / total_country)
                    a = admin1[r]
                    if a > 0 and (kind[r] == kind_city or kind[r] == kind_admin1):
                        own = 0.6 if lead_admin1 == a else 0.0
                        evidence = evidence + w_admin1 * max(0.0, admin1_votes[a] - own) / \
                            total_admin1
                    value = score[r] + evidence
                    total[r] = value
                    if best < 0 or value > best_value:
                        best, best_value = r, value
                chosen[h] = best
            for h in range(h0, h1):  # every leader at once, and the votes back to zero
                r = leader[h]
                country_votes[country[r]] = 0.0
                admin1_votes[admin1[r]] = 0.0
                leader[h] = chosen[h]
        h0 = h1
    return leader_array, total_array
