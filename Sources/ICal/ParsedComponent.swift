/// A component read back by libical's parser, as plain values.
public struct ParsedComponent: Sendable, Hashable {
    public var name: String
    public var properties: [ParsedProperty]
    public var components: [ParsedComponent]

    public init(name: String, properties: [ParsedProperty] = [], components: [ParsedComponent] = []) {
        self.name = name
        self.properties = properties
        self.components = components
    }

    /// The first property of that name (`SUMMARY`), if any.
    public func property(_ name: String) -> ParsedProperty? {
        properties.first { $0.name == name }
    }

    public func properties(_ name: String) -> [ParsedProperty] {
        properties.filter { $0.name == name }
    }

    public func components(_ name: String) -> [ParsedComponent] {
        components.filter { $0.name == name }
    }

    /// Every `X-LIC-ERROR` libical attached to this component or below it.
    public var libicalErrors: [String] {
        properties("X-LIC-ERROR").map(\.value) + components.flatMap(\.libicalErrors)
    }

    /// This component and every component below it, depth first.
    public var allComponents: [ParsedComponent] {
        [self] + components.flatMap(\.allComponents)
    }
}

/// One property with its value (unescaped for text values) and its parameters in order.
public struct ParsedProperty: Sendable, Hashable {
    public var name: String
    public var value: String
    public var parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    public init(name: String, value: String, parameters: [Parameter] = []) {
        self.name = name
        self.value = value
        self.parameters = parameters
    }

    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}
