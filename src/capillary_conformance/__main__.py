import sys

from capillary_conformance.cli import main

sys.exit(main())
