"""The handbook's numbers as read off the printed handbook by hand, shared by the tests.

Kept apart from the YAML on purpose: a test that compares the loaded data or the
advice with this table fails when the data or the rule drifts from the handbook.
"""

# number: (effort, A, B, C, D) — 8 effort values and 32 outcome values, 40 numbers.
STARS = {
    1: (1, 2, 1, 1, 3),
    2: (2, 2, 1, 3, 3),
    3: (2, 1, 2, 4, 2),
    4: (3, 1, 4, 4, 2),
    5: (3, 5, 4, 2, 4),
    6: (3, 4, 3, 4, 3),
    7: (5, 5, 4, 4, 4),
    8: (5, 4, 4, 5, 4),
}

# The twelve leaves of the beslisboom, worked out by hand from STARS:
# (effort band, reason) → recommended forms, in order.
LEAVES = {
    ("low", "A"): (1, 2),  # 1 and 2 both 2 stars; 1 costs less
    ("low", "B"): (3,),
    ("low", "C"): (3,),
    ("low", "D"): (1, 2),  # both 3 stars; 1 costs less
    ("medium", "A"): (5,),
    ("medium", "B"): (5, 4),  # both 4 stars, same effort; 5 totals 15, 4 totals 11
    ("medium", "C"): (6, 4),  # both 4 stars, same effort; 6 totals 14, 4 totals 11
    ("medium", "D"): (5,),
    ("high", "A"): (7,),
    ("high", "B"): (7, 8),  # equal in stars, effort and total (17): by number
    ("high", "C"): (8,),
    ("high", "D"): (7, 8),
}
