from drom.cli import main

main()
