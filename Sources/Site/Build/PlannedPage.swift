/// A page the build will have, with the hash of its inputs and how to render it.
struct PlannedPage: Sendable {
    enum Kind: Sendable {
        case asset(String)
        case incident(Int)
        case evidence(String)
        case listing(ListingPage)
        case services
        case feed([Int])
        case searchShard(Int)
        /// The search page, with the shard scripts to load (versioned by hash, so caches refresh).
        case searchPage([String])
        /// The insights page.
        case insights
        /// One service's changes and incidents.
        case service(ServiceTimelinePage)
    }

    var path: String
    var hash: UInt64
    var kind: Kind
}
