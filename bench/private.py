"""A private PostgreSQL cluster and Redis for `make faults`, which restarts and stops them.

Never the shared servers on 5432 and 6379: each lives in a temporary folder on its own port.
"""

import os
import shutil
import subprocess
from pathlib import Path

from stack import HOST, CheckFailed, stop, wait_for_port


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise CheckFailed("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return str(found[-1])


class PrivatePostgres:
    """A throwaway cluster in a temporary folder, on its own port, trust auth on loopback.
    initdb refuses to run as root, so as root it runs as the `postgres` user."""

    def __init__(self, folder: Path, port: int):
        self.folder = folder
        self.data = folder / "pgdata"
        self.port = port
        self.log = folder / "postgres.log"
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/forge_faults"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        if self.prefix:
            shutil.chown(self.folder, "postgres")
        self._run(
            _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.start()
        self._run(
            _pg_bin("createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "forge_faults"
        )

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self._run(
            _pg_bin("pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            *extra,
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop", "-m", "fast")


class PrivateRedis:
    def __init__(self, folder: Path, port: int):
        self.folder = folder
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                redis_server,
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, "redis-server", timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
