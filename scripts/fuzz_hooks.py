"""schemathesis hooks of `make fuzz` (scripts/fuzz.sh sets SCHEMATHESIS_HOOKS=fuzz_hooks).

Beyond what the schema generates, about one case in eight of each operation gets
- a JSON body of the wrong kind (an array, a string, a number, a boolean) instead of the object the
  document shows: serde would read an array into a struct field by field, so it must be a 400;
- a NUL-bearing string in one path parameter or query value (percent-encoded on the wire):
  PostgreSQL's text cannot hold NUL, so it must be a 400, never a 500.
"""

import schemathesis
from hypothesis import strategies as st

WRONG_KINDS = [[], ["x"], [7, "c", None], [{"title": "x"}], "x", 7, 9.5, True]
NUL = ["a\x00b", "\x00", "\x00" * 3, "00000000-0000-0000-0000-00000000000\x00"]


def sometimes(value, others):
    """`value` seven times in eight, else one of `others`."""
    return st.integers(min_value=0, max_value=7).flatmap(
        lambda n: st.sampled_from(others) if n == 0 else st.just(value)
    )


def with_nul(params):
    """`params` with the value of one of its keys replaced by a NUL-bearing string."""
    keys = sorted(params)
    return st.tuples(st.sampled_from(keys), st.sampled_from(NUL)).map(
        lambda kv: {**params, kv[0]: kv[1]}
    )


def sometimes_nul(params):
    if not params:
        return st.just(params)
    return st.integers(min_value=0, max_value=7).flatmap(
        lambda n: with_nul(params) if n == 0 else st.just(params)
    )


@schemathesis.hook
def flatmap_body(ctx, body):
    if not isinstance(body, dict):
        return st.just(body)
    return sometimes(body, WRONG_KINDS)


@schemathesis.hook
def flatmap_path_parameters(ctx, path_parameters):
    return sometimes_nul(path_parameters)


@schemathesis.hook
def flatmap_query(ctx, query):
    return sometimes_nul(query)
