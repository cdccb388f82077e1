import CLibical

extension ICalLibrary {
    /// Parses iCalendar text with libical into plain values.
    ///
    /// libical accepts much that is wrong (impossible dates, missing VTIMEZONEs, duplicate UIDs) and reports
    /// some problems only as `X-LIC-ERROR` properties: callers check ``ParsedComponent/libicalErrors`` and make
    /// their own checks.
    /// - Returns: the root component (a `VCALENDAR`, or `XROOT` when the text holds several).
    /// - Throws: ``ICalError`` when libical returns nothing, as it does for a calendar without `END:VCALENDAR`.
    public func parse(_ text: String) throws -> ParsedComponent {
        ateliers_clear_icalerrno()
        guard let root = icalparser_parse_string(text) else {
            let code = ateliers_icalerrno()
            let detail = code == ICAL_NO_ERROR ? nil : String(cString: icalerror_strerror(code))
            throw ICalError("not a complete iCalendar object (is END:VCALENDAR missing?)", libicalError: detail)
        }
        defer { icalcomponent_free(root) }
        return convert(root)
    }

    private func convert(_ component: OpaquePointer) -> ParsedComponent {
        var result = ParsedComponent(name: String(cString: icalcomponent_kind_to_string(icalcomponent_isa(component))))
        var property = icalcomponent_get_first_property(component, ICAL_ANY_PROPERTY)
        while let current = property {
            result.properties.append(convertProperty(current))
            property = icalcomponent_get_next_property(component, ICAL_ANY_PROPERTY)
        }
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let current = child {
            result.components.append(convert(current))
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
        }
        return result
    }

    private func convertProperty(_ property: OpaquePointer) -> ParsedProperty {
        let name = takeString(icalproperty_get_property_name_r(property)) ?? ""
        var value = ""
        if let icalValue = icalproperty_get_value(property) {
            switch icalvalue_isa(icalValue) {
            case ICAL_TEXT_VALUE:
                value = icalvalue_get_text(icalValue).map { String(cString: $0) } ?? ""
            case ICAL_X_VALUE:
                value = icalvalue_get_x(icalValue).map { String(cString: $0) } ?? ""
            default:
                value = takeString(icalproperty_get_value_as_string_r(property)) ?? ""
            }
        }
        var parameters: [ParsedProperty.Parameter] = []
        var parameter = icalproperty_get_first_parameter(property, ICAL_ANY_PARAMETER)
        while let current = parameter {
            if let text = takeString(icalparameter_as_ical_string_r(current)), let equals = text.firstIndex(of: "=") {
                var parameterValue = String(text[text.index(after: equals)...])
                if parameterValue.hasPrefix("\""), parameterValue.hasSuffix("\""), parameterValue.count >= 2 {
                    parameterValue = String(parameterValue.dropFirst().dropLast())
                }
                parameters.append(.init(name: String(text[..<equals]), value: parameterValue))
            }
            parameter = icalproperty_get_next_parameter(property, ICAL_ANY_PARAMETER)
        }
        return ParsedProperty(name: name, value: value, parameters: parameters)
    }

    /// Copies and frees a string that libical allocated for the caller.
    private func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { icalmemory_free_buffer(pointer) }
        return String(cString: pointer)
    }
}
