from linkinbox.cli import main

raise SystemExit(main())
