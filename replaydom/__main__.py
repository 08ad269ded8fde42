from replaydom.cli import main

main()
