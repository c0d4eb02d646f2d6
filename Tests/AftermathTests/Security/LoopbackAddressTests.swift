import Settings
import Testing

@Suite("Loopback is decided by parsing the address, never by its spelling")
struct LoopbackAddressTests {
    @Test("Loopback literals and localhost", arguments: ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "localhost", "LOCALHOST"])
    func loopback(host: String) {
        #expect(LoopbackAddress.isLoopback(host, resolve: { _ in ["127.0.0.1", "::1"] }))
    }

    @Test("Names and other addresses are not loopback, whatever they look like",
          arguments: ["127.example.com", "127.0.0.1.nip.io", "localhost.evil.example", "0.0.0.0", "::", "10.0.0.1", "::ffff:10.0.0.1", "128.0.0.1", "aftermath.internal", ""])
    func notLoopback(host: String) {
        #expect(!LoopbackAddress.isLoopback(host, resolve: { _ in ["127.0.0.1"] }))
    }

    @Test("localhost counts only when every address it resolves to is loopback")
    func localhostResolution() {
        #expect(!LoopbackAddress.isLoopback("localhost", resolve: { _ in ["127.0.0.1", "10.0.0.5"] }))
        #expect(!LoopbackAddress.isLoopback("localhost", resolve: { _ in [] }))
        #expect(LoopbackAddress.isLoopback("localhost"), "this machine's own resolver")
    }

    @Test("Address kinds: link-local, metadata, unspecified")
    func kinds() throws {
        #expect(try #require(IPAddress("169.254.169.254")).isLinkLocal)
        #expect(try #require(IPAddress("fe80::1%eth0")).isLinkLocal)
        #expect(try #require(IPAddress("fd00:ec2::254")).isMetadataService)
        #expect(try #require(IPAddress("100.100.100.200")).isMetadataService)
        #expect(try #require(IPAddress("::ffff:169.254.169.254")).isLinkLocal)
        #expect(try #require(IPAddress("0.0.0.0")).isUnspecified)
        #expect(!(try #require(IPAddress("10.1.2.3")).isLinkLocal))
        #expect(IPAddress("169.254.169.254.example.com") == nil)
    }
}
