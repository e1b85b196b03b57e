"""What each interop script needs, found or named in one line (exit 2), so that every script
runs as the README writes it, arguments or not (the Python side of prerequisites.sh)."""
import importlib
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def missing(message):
    """One line on stderr naming what is missing and how to get it; exit 2."""
    sys.stderr.write(f"{os.path.basename(sys.argv[0])}: {message}\n")
    sys.exit(2)


def tmkit_binary(given=None):
    """The tmkit binary: `given`, else $TMKIT, else the newer of .build/debug and .build/release."""
    given = given or os.environ.get("TMKIT")
    if not given:
        built = [os.path.join(ROOT, ".build", kind, "tmkit") for kind in ("debug", "release")]
        built = [path for path in built if os.access(path, os.X_OK)]
        if not built:
            missing("no tmkit binary: run 'swift build' first, or give the binary as the first argument")
        given = max(built, key=os.path.getmtime)
    if not os.access(given, os.X_OK):
        missing(f"{given}: not an executable tmkit binary")
    return os.path.abspath(given)


def require(module, install):
    """Imports `module`, or names the command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"{module} is not installed: {install}")


def ready():
    """With TMKIT_INTEROP_CHECK=1: say the prerequisites are there and stop before the work."""
    if os.environ.get("TMKIT_INTEROP_CHECK") == "1":
        print(f"{os.path.basename(sys.argv[0])}: ready")
        sys.exit(0)


def require_command(command, install):
    """Checks that `command` is on the PATH, or names the command that installs it."""
    if shutil.which(command) is None:
        missing(f"{command} is not installed: {install}")
