import sys

from suzhou_news.cli import main

sys.exit(main())
