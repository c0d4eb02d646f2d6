/// Why a glob could not be expanded.
struct GlobError: Error, Equatable {
    var message: String
}
