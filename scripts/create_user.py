"""Create an account for the admin: python scripts/create_user.py NAME --role admin|editor

Asks for the password twice (without echo). When standard input is not a terminal, reads the
password and its confirmation as its first two lines, e.g.
    printf '%s\\n%s\\n' "$PASSWORD" "$PASSWORD" | python scripts/create_user.py alice --role admin
The database (DATABASE_URL) is migrated first. There is no default account: make the first
administrator with this command.
"""

import argparse
import getpass
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import migrations  # noqa: E402
from app.accounts import MIN_PASSWORD_LENGTH, Role, create_user  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import ConfigurationError, DatabaseSetupError, InvalidParameters  # noqa: E402


def _passwords() -> tuple[str, str]:
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
        return first, getpass.getpass("Password, again: ")
    lines = sys.stdin.read().splitlines()
    if len(lines) < 2:
        raise ValueError("give the password twice, on the first two lines of standard input")
    return lines[0], lines[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Create an account for the admin.",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", help="the user name (lower case letters, digits, . _ -)")
    parser.add_argument("--role", required=True, choices=[r.value for r in Role])
    args = parser.parse_args()
    try:
        password, again = _passwords()
        engine = make_engine(get_settings())
        migrations.upgrade(engine)
        user = create_user(
            engine, username=args.name, password=password, confirmation=again, role=args.role
        )
    except (ValueError, ConfigurationError, DatabaseSetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except InvalidParameters as exc:
        for error in exc.errors:
            print(f"error: {error.name}: {error.message}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\ncancelled; no account was created", file=sys.stderr)
        return 1
    print(f"created {user.role} {user.username!r}; sign in at /admin")
    return 0


if __name__ == "__main__":
    sys.exit(main())
