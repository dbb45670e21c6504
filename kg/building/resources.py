"""What this machine can hold: cores, memory and open files, so options that size processes are checked
against them before anything starts (`--jobs 100000` must not fork until the memory is gone)."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import KgError


def usable_cores() -> int:
    """The cores this process may run on (its affinity, which containers and taskset narrow), at least 1."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


def _cgroup_room_mb() -> float | None:
    """Memory left under this process's cgroup (v2) limit, in MB; None without a limit."""
    try:
        line = Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines()[0]
        folder = Path("/sys/fs/cgroup") / line.split("::", 1)[1].lstrip("/")
        limit = (folder / "memory.max").read_text(encoding="utf-8").strip()
        if limit == "max":
            return None
        used = int((folder / "memory.current").read_text(encoding="utf-8").strip())
        return (int(limit) - used) / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return None


def available_memory_mb() -> float | None:
    """Memory that new processes can take without swapping: MemAvailable, or less under a cgroup limit; None
    where the system does not say (then nothing is refused for memory)."""
    room: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemAvailable:"):
                room = int(line.split()[1]) / 1024
                break
    except (OSError, ValueError, IndexError):
        room = None
    cgroup = _cgroup_room_mb()
    if cgroup is not None:
        room = cgroup if room is None else min(room, cgroup)
    return room


def check_memory_for(count: int, each_mb: float, option: str, processes: str,
                     available_mb: float | None = None) -> None:
    """Refuse `count` processes (`processes` names them, plural) of about `each_mb` MB each when the available
    memory cannot hold them."""
    room = available_memory_mb() if available_mb is None else available_mb
    if room is None:
        return
    need = count * each_mb
    if need > room:
        fits = int(room // each_mb)
        advice = f"use {option} {fits} or fewer" if fits >= 1 else "free some memory first"
        raise KgError(f"{option} {count}: {count} {processes} need about {need:,.0f} MB and this machine has "
                      f"{room:,.0f} MB available; {advice}")


def open_files_limit() -> int | None:
    """The most files (and sockets) this process may hold open at once; None where unlimited or unknown."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return None
    return None if soft == resource.RLIM_INFINITY else soft
