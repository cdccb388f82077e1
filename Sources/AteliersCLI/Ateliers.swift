import ArgumentParser

@main
struct AteliersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ateliers",
        abstract: "Check a conference programme for clashes and publish it as iCalendar feeds.",
        subcommands: [
            Import.self, Check.self, Suggest.self, Export.self, Serve.self, Generate.self, TimetableCommand.self,
            Agendas.self,
        ])
}
