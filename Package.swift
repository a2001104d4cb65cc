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
        // The library guide: `swift package generate-documentation --target LyncTopology` (docs/commands.md).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Test-only: the tests build ZIP archives with it (the library reads archives itself, with zlib).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .yum(["libxml2-devel"]), .brew(["libxml2"])]
        ),
        // zlib, for the entries of a CsConfiguration.zip (Document/ConfigurationArchive.swift says why not ZIPFoundation).
        .systemLibrary(
            name: "CLibZ",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .yum(["zlib-devel"])]
        ),
        .target(
            name: "LyncTopology",
            dependencies: ["CLibXML2", "CLibZ"]
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
        // What the tests need and users of LyncTopologyTesting do not: where the public corpus is, and Graphviz.
        .target(
            name: "LyncTopologyTestSupport",
            dependencies: ["LyncTopologyTesting"],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "LyncTopologyTests",
            dependencies: ["LyncTopology", "LyncTopologyTesting", "LyncTopologyTestSupport",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "lynctopoTests",
            dependencies: ["LyncTopology", "LyncTopologyTesting", "LyncTopologyTestSupport", "lynctopo"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
