import sys

from capillary_conformance.cli.main import main

sys.exit(main())
