from advoc.cli import main

main()
