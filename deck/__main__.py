import sys

try:
    from deck.cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still starting: nothing was written yet
    sys.exit(130)

main()
