# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled scan of ``gazetteer.fast``: runs of capitalised words, their name ids and the
particles between them, in one pass over the text. ``gazetteer.fast.find_runs`` is the
same scan with a regular expression; the tests hold the two to the same output."""

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


def find_runs(str text, dict surface, dict readings, frozenset gaps, frozenset joins,
              const unsigned char[:] capital, Py_ssize_t longest_gap):
    """Runs of ``text`` as (runs, starts, ends, ids, pending, fresh, joins, joints): each
    run, where it starts and ends, its name id in ``surface`` (-1 for none); the indices
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
    cdef array.array ends = array.array("q")
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
        previous_start, previous_end = start, i
        count += 1
    array.resize(starts, n_starts)
    array.resize(ids, n_ids)
    array.resize(ends, n_ends)
    return runs, starts, ends, ids, pending, fresh, joined, joints
