"""junit_check.py - read a JUnit XML report the way CI test reporters do.

    junit_check.py FILE TESTS FAILURES ERRORS [FAILING_NAME...]

Uses junitparser (Debian: python3-junitparser), the parser behind common
GitHub Actions JUnit reporters, when it can be imported; else the standard
library's ElementTree, reading the same attributes.  Checks that the
declared counts match the test cases, that they equal the expected ones,
that every failure and error carries a message, and that each
FAILING_NAME ("classname/name") is a failing test case.  Prints one line;
exits 1 on a mismatch.
"""
import sys


def with_junitparser(path):
    from junitparser import JUnitXml, Failure, Error
    xml = JUnitXml.fromfile(path)
    from junitparser import TestSuite
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    declared = [0, 0, 0]
    cases = []
    for suite in suites:
        declared[0] += suite.tests
        declared[1] += suite.failures
        declared[2] += suite.errors
        for case in suite:
            kinds = [type(r).__name__.lower() for r in case.result]
            messages = [r.message for r in case.result if isinstance(r, (Failure, Error))]
            cases.append((case.classname, case.name, kinds, messages))
    return "junitparser", declared, cases


def with_elementtree(path):
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    declared = [0, 0, 0]
    cases = []
    for suite in suites:
        declared[0] += int(suite.get("tests", 0))
        declared[1] += int(suite.get("failures", 0))
        declared[2] += int(suite.get("errors", 0))
        for case in suite.findall("testcase"):
            results = [r for r in case if r.tag in ("failure", "error", "skipped")]
            cases.append((case.get("classname"), case.get("name"), [r.tag for r in results],
                          [r.get("message") for r in results if r.tag != "skipped"]))
    return "ElementTree", declared, cases


def main():
    path, want = sys.argv[1], [int(n) for n in sys.argv[2:5]]
    failing = sys.argv[5:]
    try:
        parser, declared, cases = with_junitparser(path)
    except ImportError:
        parser, declared, cases = with_elementtree(path)
    counted = [len(cases),
               sum(1 for c in cases if "failure" in c[2]),
               sum(1 for c in cases if "error" in c[2])]
    problems = []
    if declared != counted:
        problems.append("declared tests/failures/errors %s but the cases give %s" % (declared, counted))
    if counted != want:
        problems.append("expected tests/failures/errors %s, got %s" % (want, counted))
    if any(not m for c in cases for m in c[3]):
        problems.append("a failure or error has no message")
    names = {"%s/%s" % (c[0], c[1]): c for c in cases}
    for name in failing:
        if name not in names or "failure" not in names[name][2]:
            problems.append("%s is not a failing test case" % name)
    if problems:
        print("%s: %s" % (parser, "; ".join(problems)))
        sys.exit(1)
    print("%s read %d tests, %d failures, %d errors" % (parser, *counted))


main()
