"""How many database queries each page and export runs: exact numbers, pinned by the tests
(a change that adds or saves a query fails them, and then updates the number here on
purpose). The counts do not depend on the size of the round or the note.

- tests/trust/test_query_budgets.py: the note pages and exports, on generated rounds of
  3 notes × 2 lines and 120 notes × 12 lines, each the first request of a logged-in client;
- tests/pages/test_round_page.py: the round page searched, on rounds of 2 and 40 notes;
- tests/pages/test_rounds_page.py: the rounds page, after one request that warms the session;
- tests/initiatives/test_queries.py: the expiry and initiative pages, after one request that
  warms the session.

    python -m tests.trust.query_counts      prints them as the Markdown table of the README
"""

QUERY_COUNTS = {
    "rounds page": 8,
    "round page": 13,
    "note page": 23,
    "note editor": 21,
    "note PDF, first": 25,
    "note PDF, stored": 6,
    "note workbook": 23,
    "round workbook": 18,
    "round workbook, kept": 10,
    "round page, searched": 14,
    "expiry worklist": 16,
    "assessment list": 17,
    "assessment page": 18,
    "initiative list": 9,
}


def markdown_table(counts=QUERY_COUNTS):
    rows = ["| request | queries |", "| --- | --- |"]
    rows += [f"| {request} | {count} |" for request, count in counts.items()]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
