// The console is lazy-loaded; loading it before the tests keeps the first test within findBy's timeout.
import '../ConsoleRoutes'
