from gegenprobe.cli import main

main()
