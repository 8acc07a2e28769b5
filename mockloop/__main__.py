from mockloop.cli import main

raise SystemExit(main())
