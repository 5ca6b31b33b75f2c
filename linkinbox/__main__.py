"""`python -m linkinbox`: the same as the `linkinbox` command."""

from linkinbox.cli import main

raise SystemExit(main())
