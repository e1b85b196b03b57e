import TMKitCommands

@main
struct Entrypoint {
    static func main() {
        TMKitCommand.main()
    }
}
