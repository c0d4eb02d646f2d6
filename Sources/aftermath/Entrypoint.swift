import AftermathCLI

/// The `aftermath` executable: the whole command tree lives in AftermathCLI.
@main
struct Entrypoint {
    static func main() async {
        await AftermathCommand.main()
    }
}
