"""The graphs and commands checked against Alembic. R(id, down, labels, depends_on)."""
from parity import R

LINEAR = [R("1111aa"), R("2222bb", "1111aa"), R("3333cc", "2222bb"), R("4444dd", "3333cc")]

# a0base -> b1left -> b2left (label left on b1left)
#        -> c1rght -> c2rght (label right on c1rght)
BRANCHES = [
    R("a0base"),
    R("b1left", "a0base", "left"),
    R("b2left", "b1left"),
    R("c1rght", "a0base", "right"),
    R("c2rght", "c1rght"),
]
MERGED = BRANCHES + [R("d1merg", ("b2left", "c2rght")), R("e1tail", "d1merg")]

# two lineages; y1base depends on x2next
DEPS = [
    R("x1base", None, "xs"),
    R("x2next", "x1base"),
    R("x3last", "x2next"),
    R("y1base", None, "ys", "x2next"),
    R("y2next", "y1base"),
]

THREE = [
    R("m0root"),
    R("p1pppp", "m0root"),
    R("q1qqqq", "m0root"),
    R("r1rrrr", "m0root"),
    R("s1merg", ("p1pppp", "q1qqqq", "r1rrrr")),
]

# a label in the middle of a line; dependsOn naming a branch label
LABELS = [
    R("1111aa"), R("2222bb", "1111aa", "mid"), R("3333cc", "2222bb"),
    R("9999zz", None, "other", "mid"),
]

# QA graphs (cross-branch dependsOn), as /tmp/qa-par/gen.py g1, g2, g3 wrote them.
# QA_G1: aaaa1111 -> bbbb2222 -> cc110000 -> dd110000 ; bbbb2222 -> cc220000 (feat) -> dd220000;
# ee000000 merges dd110000, dd220000 -> ff000000; x0000001 (other) -> y0000002 dependsOn cc110000;
# aaaa1111 -> z0000003
QA_G1 = [
    R("aaaa1111"), R("bbbb2222", "aaaa1111"), R("cc110000", "bbbb2222"), R("cc220000", "bbbb2222", "feat"),
    R("dd110000", "cc110000"), R("dd220000", "cc220000"), R("ee000000", ("dd110000", "dd220000")),
    R("ff000000", "ee000000"), R("x0000001", None, "other"), R("y0000002", "x0000001", None, "cc110000"),
    R("z0000003", "aaaa1111"),
]
# QA_G2: a1 -> a2 -> b1 (left) -> b2 ; a2 -> c1 (right) -> c2 -> c3 dependsOn b1
QA_G2 = [
    R("a1"), R("a2", "a1"), R("b1", "a2", "left"), R("b2", "b1"),
    R("c1", "a2", "right"), R("c2", "c1"), R("c3", "c2", None, "b1"),
]
# QA_G3: a1 -> a2 -> b1 -> b2 ; a2 -> c1 -> c2 ; d1 (a second base, dependsOn c1) -> d2
QA_G3 = [
    R("a1"), R("a2", "a1"), R("b1", "a2"), R("b2", "b1"), R("c1", "a2"), R("c2", "c1"),
    R("d1", None, None, "c1"), R("d2", "d1"),
]

SCENARIOS = [
    ("labels", LABELS, [
        ("up", [], "heads"), ("up", [], "other@head"), ("up", ["1111aa"], "mid@+1"), ("up", [], "head-1"),
        ("up", ["3333cc"], "heads+1"), ("up", [], "mid@head"), ("down", ["3333cc", "9999zz"], "mid@-1"),
        ("down", ["3333cc", "9999zz"], "other@base"), ("down", ["3333cc", "9999zz"], "mid@base"),
        ("resolve", "mid@head"), ("resolve", "mid@base"), ("resolve", "mid@1111aa"), ("resolve", "other"),
        ("history", "-3:", []), ("history", "-5:", []), ("history", ":-1", []), ("history", "mid@base:", []),
    ]),
    ("linear", LINEAR, [
        ("up", [], "heads"), ("up", [], "head"), ("up", ["2222bb"], "+1"), ("up", [], "+2"),
        ("up", ["3333cc"], "+2"), ("up", [], "2222bb+1"), ("up", [], "3333"),
        ("down", ["4444dd"], "-1"), ("down", ["4444dd"], "-2"), ("down", ["4444dd"], "base"),
        ("down", ["2222bb"], "-3"), ("down", ["4444dd"], "2222bb"), ("down", ["2222bb"], "3333cc"),
        ("down", ["4444dd"], "4444dd-2"), ("up", ["3333cc"], "2222bb"),
        ("resolve", "2222bb+1"), ("resolve", "4444dd-1"), ("resolve", "-1"), ("resolve", "-2"),
        ("resolve", "333"), ("resolve", "3"), ("resolve", "head"), ("resolve", "base"), ("resolve", "heads"),
        ("resolve", "1111aa-1"), ("resolve", "4444dd+1"), ("resolve", "zzzz"),
        ("sqlup", "base:heads"), ("sqlup", "2222bb:4444dd"), ("sqldown", "4444dd:2222bb"), ("sqldown", "4444dd:base"),
        ("history", None, []), ("history", "2222bb:3333cc", []), ("history", ":2222bb", []),
        ("history", "3333cc:", []), ("history", "current:", ["2222bb"]), ("history", ":current", ["2222bb"]),
        ("history", "-2:", []), ("history", "2222bb:+1", []), ("history", "3333cc:2222bb", []),
    ]),
    ("branches", BRANCHES, [
        ("up", [], "heads"), ("up", [], "head"), ("up", [], "left@head"), ("up", [], "right@head"),
        ("up", ["b2left"], "heads"), ("up", ["a0base"], "heads"), ("up", [], "c2rght"),
        ("up", ["b2left"], "c1rght"), ("up", [], "left@+1"), ("up", ["b1left"], "right@+1"),
        ("up", ["b1left", "c1rght"], "+1"), ("up", ["b1left"], "+1"),
        ("down", ["b2left", "c2rght"], "left@base"), ("down", ["b2left", "c2rght"], "right@-1"),
        ("down", ["b2left", "c2rght"], "-1"), ("down", ["c2rght", "b2left"], "-1"),
        ("down", ["b2left", "c2rght"], "a0base"), ("down", ["b2left", "c2rght"], "base"),
        ("down", ["b2left", "c2rght"], "b1left"), ("down", ["b2left", "c2rght"], "c1rght"),
        ("down", ["b2left"], "c1rght"), ("down", ["b2left", "c2rght"], "left@b1left"),
        ("down", ["b2left", "c2rght"], "right@base"), ("down", ["b2left", "c2rght"], "left@-2"),
        ("stamp", [], ["b2left", "c2rght"], False), ("stamp", ["b2left", "c2rght"], ["a0base"], False),
        ("stamp", ["b2left"], ["c1rght"], False), ("stamp", ["b1left", "c1rght"], ["b2left"], False),
        ("stamp", ["b2left", "c2rght"], ["base"], False), ("stamp", ["b2left", "c2rght"], ["c1rght"], True),
        ("stamp", ["b1left"], ["heads"], False), ("stamp", ["b2left"], ["b1left"], False),
        ("stamp", ["b2left", "c2rght"], ["left@base"], False),
        ("resolve", "left@head"), ("resolve", "left@base"), ("resolve", "left"), ("resolve", "left@b1le"),
        ("resolve", "left@c1rght"), ("resolve", "heads"), ("resolve", "head"), ("resolve", "left@heads"),
        ("resolve", "left@-1"), ("resolve", "-1"), ("resolve", "right@+1"), ("resolve", "a0base+1"),
        ("resolve", "b1left+1"), ("resolve", "b2left-2"), ("resolve", "left@a0base"), ("resolve", "lef"),
        ("resolve", "righ"),
        ("history", None, []), ("history", "left@base:left@head", []), ("history", ":b2left", []),
        ("history", "b1left:", []), ("history", "current:", ["b1left", "c1rght"]), ("history", "-1:", []),
    ]),
    ("merged", MERGED, [
        ("up", [], "heads"), ("up", ["b2left"], "heads"), ("up", ["b2left", "c1rght"], "d1merg"),
        ("up", ["b2left", "c2rght"], "heads"), ("up", ["b1left", "c2rght"], "d1merg"),
        ("down", ["e1tail"], "b2left"), ("down", ["e1tail"], "c1rght"), ("down", ["e1tail"], "a0base"),
        ("down", ["e1tail"], "base"), ("down", ["d1merg"], "-1"), ("down", ["e1tail"], "-2"),
        ("down", ["d1merg"], "left@b1left"), ("down", ["d1merg"], "b1left"),
        ("stamp", ["b2left", "c2rght"], ["d1merg"], False), ("stamp", ["e1tail"], ["b2left"], False),
        ("stamp", ["e1tail"], ["b2left", "c2rght"], False), ("stamp", ["d1merg"], ["base"], False),
        ("resolve", "left@head"), ("resolve", "right@head"), ("resolve", "heads"), ("resolve", "e1tail-2"),
        ("resolve", "d1merg-1"), ("resolve", "b2left+1"), ("resolve", "left"),
        ("history", None, []), ("history", "c1rght:d1merg", []), ("history", "b2left:", []),
    ]),
    ("deps", DEPS, [
        ("up", [], "heads"), ("up", [], "y2next"), ("up", [], "ys@head"), ("up", ["x3last"], "heads"),
        ("up", ["x1base"], "y1base"), ("up", ["x2next"], "y1base"), ("up", [], "xs@head"),
        ("down", ["x3last", "y2next"], "x1base"), ("down", ["x3last", "y2next"], "ys@base"),
        ("down", ["x3last", "y2next"], "base"), ("down", ["x3last", "y2next"], "y1base"),
        ("down", ["x2next", "y1base"], "x1base"), ("down", ["y1base"], "base"),
        ("down", ["x3last", "y2next"], "xs@base"), ("down", ["x3last", "y1base"], "x2next"),
        ("stamp", [], ["y2next"], False), ("stamp", ["x3last"], ["y1base"], False),
        ("stamp", ["x3last", "y2next"], ["x2next"], False),
        ("resolve", "heads"), ("resolve", "ys@head"), ("resolve", "xs@head"), ("resolve", "ys@base"),
        ("history", None, []), ("history", "x2next:", []), ("history", ":y1base", []),
    ]),
    ("three", THREE, [
        ("up", [], "heads"), ("up", ["p1pppp", "q1qqqq", "r1rrrr"], "heads"), ("up", ["p1pppp"], "s1merg"),
        ("up", ["p1pppp", "r1rrrr"], "s1merg"),
        ("down", ["s1merg"], "-1"), ("down", ["s1merg"], "p1pppp"), ("down", ["s1merg"], "base"),
        ("down", ["s1merg"], "m0root"),
        ("stamp", ["s1merg"], ["m0root"], False), ("stamp", ["p1pppp", "q1qqqq"], ["s1merg"], False),
        ("history", None, []),
    ]),
    ("qa_g1", QA_G1, [
        ("up", [], "heads"), ("up", ["bbbb2222", "x0000001", "z0000003"], "heads"), ("up", [], "y0000002"),
        ("up", ["dd110000", "dd220000"], "heads"),
        ("down", ["bbbb2222", "x0000001", "z0000003"], "base"), ("down", ["ff000000", "y0000002", "z0000003"], "base"),
        ("down", ["ff000000", "y0000002", "z0000003"], "aaaa1111"), ("down", ["ff000000", "y0000002", "z0000003"], "cc110000"),
        ("down", ["ff000000", "y0000002", "z0000003"], "x0000001"), ("down", ["ff000000", "y0000002", "z0000003"], "bbbb2222"),
        ("sqlup", "base:heads"), ("sqldown", "ff000000:base"),
        ("history", None, []),
    ]),
    ("qa_g2", QA_G2, [
        ("up", [], "heads"), ("up", [], "c3"), ("up", [], "b2"), ("up", ["b2"], "heads"), ("up", ["c2"], "heads"),
        ("down", ["b2", "c3"], "base"), ("down", ["b2", "c3"], "a2"), ("down", ["b2", "c3"], "a1"),
        ("down", ["b2", "c3"], "b1"), ("down", ["b2", "c3"], "c1"),
        ("sqlup", "base:heads"), ("sqldown", "c3:base"),
        ("history", None, []),
    ]),
    ("qa_g3", QA_G3, [
        ("up", [], "heads"), ("up", [], "d2"), ("up", ["b2"], "heads"), ("up", ["c2"], "heads"),
        ("down", ["b2", "c2", "d2"], "base"), ("down", ["b2", "c2", "d2"], "a1"), ("down", ["b2", "c2", "d2"], "a2"),
        ("down", ["b2", "c2", "d2"], "c1"), ("down", ["b2", "c2", "d2"], "d1"),
        ("sqlup", "base:heads"), ("sqldown", "d2:base"),
        ("history", None, []),
    ]),
]
