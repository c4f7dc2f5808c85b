"""One line per check for the end-to-end check scripts: `ok  name (detail)` or `FAIL ...`."""


def check(name: str, ok: object, detail: object = "") -> bool:
    """Print the verdict with a one-line detail (what was seen), and return it."""
    detail = " / ".join(line.strip() for line in str(detail).splitlines() if line.strip())
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f" ({detail[:200]})" if detail else ""), flush=True)
    return bool(ok)
