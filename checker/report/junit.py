"""JUnit XML: one <testcase> per claim; a claim not as declared is a <failure>, a broken one an <error>."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from checker.model import ClaimResult, StepResult, Verdict
from checker.status import TRIVIAL_HINT, TRIVIAL_TEXT, status_text

# everything XML 1.0 forbids: C0 controls but tab/LF/CR, surrogates, U+FFFE and U+FFFF
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with each character illegal in XML 1.0 shown as a visible escape (ESC -> ``\\x1b``)."""
    return _ILLEGAL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _sanitize(root: ET.Element) -> None:
    """Make every attribute and text of the tree legal XML, so that any parser reads the report."""
    for el in root.iter():
        el.attrib = {k: xml_safe(v) for k, v in el.attrib.items()}
        if el.text:
            el.text = xml_safe(el.text)
        if el.tail:
            el.tail = xml_safe(el.tail)


def _seconds(s: float) -> str:
    return f"{s:.3f}" if math.isfinite(s) else "0.000"


def how_proved(s: StepResult) -> str:
    """``[certified: polynomial over QQ]``, ``(rewrite + probe: expand)`` or ``(method not recorded)``."""
    if s.certified:
        return f"[certified: {s.method}]"
    return f"({s.method}: {s.strategy})" if s.method else "(method not recorded)"


def _failure_text(r: ClaimResult) -> str:
    lines = [r.reason]
    for s in r.steps:
        if s.verdict is not Verdict.PROVED and not (s.role == "source" and r.expected is Verdict.REFUTED):
            given = f" given {', '.join(s.given)}" if s.given else ""
            lines.append(f"step '{s.chain}' #{s.index + 1}: {s.lhs} {s.rel} {s.rhs}{given} (by {s.by}) is {s.verdict.value}: {s.detail}")
        if s.counterexample is not None:
            lines.append(f"  counterexample {s.counterexample.describe()}")
    for n in r.numeric:
        if not n.ok:
            err = "" if n.max_error is None else f", max error {n.max_error:.3e}"
            lines.append(f"numeric '{n.name}' on {n.device}/{n.dtype}: {n.outcome.value} (expected {n.expected.value}){err}; {n.detail}")
    if r.reproduce:
        lines.append(f"reproduce: {r.reproduce}")
    return "\n".join(lines)


def render(results: Sequence[ClaimResult], suite: str = "derive") -> str:
    failures = sum(not r.ok and r.status is not Verdict.ERROR for r in results)
    errors = sum(r.status is Verdict.ERROR for r in results)
    root = ET.Element(
        "testsuite",
        name=suite,
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=_seconds(sum(r.seconds for r in results)),
    )
    for r in results:
        case = ET.SubElement(root, "testcase", classname=f"derive.{r.source.file or 'user'}", name=r.id, time=_seconds(r.seconds))
        if r.status is Verdict.ERROR:
            ET.SubElement(case, "error", message=r.reason[:500], type="error").text = _failure_text(r)
        elif not r.ok:
            message = f"{r.status.value} (declared {r.expected.value}): {r.reason}"[:500]
            ET.SubElement(case, "failure", message=message, type=r.status.value).text = _failure_text(r)
        out = ET.SubElement(case, "system-out")
        lines = [f"status={r.status.value} declared={r.expected.value} steps={len(r.steps)} numeric={len(r.numeric)}"]
        if r.status is Verdict.RECORDED:
            lines.append(f"{status_text(r.status)}: {r.erratum or r.reason}")
        lines += [f"step '{s.chain}' #{s.index + 1}: {s.verdict.value} {how_proved(s)}" for s in r.steps if s.verdict is Verdict.PROVED]
        lines += [f"step '{s.chain}' #{s.index + 1} given {', '.join(s.given)}" for s in r.steps if s.given]
        trivial = [s for s in r.steps if s.trivial]
        lines += [f"step '{s.chain}' #{s.index + 1}: {s.lhs} {s.rel} {s.rhs} is {TRIVIAL_TEXT}" for s in trivial]
        if trivial:
            lines.append(f"hint: {TRIVIAL_HINT}")
        out.text = "\n".join(lines)
    _sanitize(root)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
