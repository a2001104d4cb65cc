// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "lynctopo",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LyncTopology", targets: ["LyncTopology"]),
        .library(name: "LyncTopologyTesting", targets: ["LyncTopologyTesting"]),
        .executable(name: "lynctopo", targets: ["lynctopo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "LyncTopology",
            dependencies: ["CLibXML2"]
        ),
        .target(
            name: "LyncTopologyTesting",
            dependencies: ["LyncTopology"]
        ),
        .executableTarget(
            name: "lynctopo",
            dependencies: [
                "LyncTopology",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LyncTopologyTests",
            dependencies: ["LyncTopology", "LyncTopologyTesting"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "lynctopoTests",
            dependencies: ["LyncTopology", "LyncTopologyTesting", "lynctopo"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
