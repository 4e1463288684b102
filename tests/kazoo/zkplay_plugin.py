"""A pytest plugin for kazoo's own test suite run against `zkplay serve` (tests/kazoo/run.sh).

It leaves kazoo's tests as they are and only:
- deselects the tests listed in deselected.txt (`test_id  # reason`), failing on a stale entry;
- counts the server-backed tests (those of a KazooTestHarness class, which start the server);
- with --zkplay-stop-below N, stops once fewer than N server-backed tests can still pass;
- prints "kazoo: P passed of T server-backed tests (D deselected: …)", the server-backed tests
  that did not pass grouped by their exception, and writes P to --zkplay-summary for run.sh.
"""

import collections

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("zkplay")
    group.addoption(
        "--zkplay-deselected",
        help="file of tests to leave out, one `test_id  # reason` a line",
    )
    group.addoption(
        "--zkplay-stop-below",
        type=int,
        default=0,
        help="stop as soon as fewer than this many server-backed tests can pass",
    )
    group.addoption(
        "--zkplay-summary",
        help="file to write the number of server-backed tests that passed",
    )


def read_deselected(path):
    """The listed test ids in file order, each with its reason."""
    listed = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            test_id, sep, reason = line.partition("#")
            if not sep or not reason.strip():
                raise pytest.UsageError(
                    "%s:%d: expected `test_id  # reason`" % (path, number)
                )
            listed[test_id.strip()] = reason.strip()
    return listed


def is_server_backed(item):
    from kazoo.testing.harness import KazooTestHarness

    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, KazooTestHarness)


class Tally:
    """What became of each server-backed test."""

    def __init__(self):
        self.total = 0
        self.deselected = {}  # test id -> reason
        self.selected = set()
        self.outcome = {}  # test id -> "passed" | "failed" | "skipped"
        self.cause = {}  # test id -> the first failure's one-line message

    def record(self, report):
        if report.nodeid not in self.selected:
            return
        current = self.outcome.get(report.nodeid)
        if report.failed:
            if current != "failed":
                self.outcome[report.nodeid] = "failed"
                self.cause[report.nodeid] = failure_line(report)
        elif report.skipped and current is None:
            self.outcome[report.nodeid] = "skipped"
            self.cause[report.nodeid] = skip_line(report)
        elif report.when == "call" and report.passed and current is None:
            self.outcome[report.nodeid] = "passed"

    def most_that_can_pass(self):
        """The selected tests that passed or have not finished yet."""
        return len(self.selected) - sum(
            1 for o in self.outcome.values() if o != "passed"
        )

    def passed(self):
        return sum(1 for o in self.outcome.values() if o == "passed")

    def not_passed(self):
        """Selected tests that did not pass (never run counts too), by test id."""
        return {
            test_id: self.outcome.get(test_id, "not run")
            for test_id in sorted(self.selected)
            if self.outcome.get(test_id) != "passed"
        }


def failure_line(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    message = crash.message if crash is not None else str(report.longrepr)
    first = message.strip().splitlines()[0] if message.strip() else "?"
    return "%s (in %s)" % (first[:200], report.when)


def skip_line(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return "skipped: %s" % longrepr[2]
    return "skipped"


def pytest_configure(config):
    config.pluginmanager.register(ZkplayRun(config), "zkplay-run")


class ZkplayRun:
    """The hooks that deselect, tally and report; one per pytest run."""

    def __init__(self, config):
        self.config = config
        self.tally = Tally()
        self.session = None

    # First, so a stale entry is told apart from a test that -k or a node id leaves out.
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session, config, items):
        tally = self.tally
        path = config.getoption("zkplay_deselected")
        listed = read_deselected(path) if path else {}
        ids = {item.nodeid for item in items}
        stale = [test_id for test_id in listed if test_id not in ids]
        if stale:
            raise pytest.UsageError(
                "%s lists tests that were not collected: %s"
                % (path, ", ".join(stale))
            )
        keep, drop = [], []
        for item in items:
            server_backed = is_server_backed(item)
            tally.total += server_backed
            if item.nodeid in listed:
                drop.append(item)
                if server_backed:
                    tally.deselected[item.nodeid] = listed[item.nodeid]
            else:
                keep.append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep

    def pytest_collection_finish(self, session):
        # What is left once -k, -m and node ids have had their say too.
        self.tally.selected = {
            item.nodeid for item in session.items if is_server_backed(item)
        }

    def pytest_runtest_logreport(self, report):
        # Every phase (setup, call, teardown) of every test.
        self.tally.record(report)
        floor = self.config.getoption("zkplay_stop_below")
        if self.tally.most_that_can_pass() < floor and self.session:
            self.session.shouldstop = (
                "fewer than %d server-backed tests can pass now" % floor
            )

    def pytest_sessionstart(self, session):
        self.session = session

    def pytest_terminal_summary(self, terminalreporter, exitstatus, config):
        report_tally(self.tally, terminalreporter, config)


def report_tally(tally, terminalreporter, config):
    write = terminalreporter.write_line
    not_passed = tally.not_passed()
    if not_passed:
        by_cause = collections.defaultdict(list)
        for test_id, outcome in not_passed.items():
            by_cause[(outcome, tally.cause.get(test_id, ""))].append(test_id)
        terminalreporter.section("server-backed tests that did not pass")
        ranked = sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for (outcome, cause), test_ids in ranked:
            write("%d %s: %s" % (len(test_ids), outcome, cause))
            if outcome == "not run":
                continue  # the run stopped early: the list would only be long
            for test_id in test_ids:
                write("    %s" % test_id)
    reasons = collections.Counter(tally.deselected.values())
    deselected = ", ".join(
        "%d %s" % (count, reason) for reason, count in sorted(reasons.items())
    )
    passed = tally.passed()
    write(
        "kazoo: %d passed of %d server-backed tests (%d deselected%s)"
        % (
            passed,
            tally.total,
            len(tally.deselected),
            ": " + deselected if deselected else "",
        )
    )
    summary = config.getoption("zkplay_summary")
    if summary:
        with open(summary, "w", encoding="utf-8") as out:
            out.write("%d\n" % passed)
