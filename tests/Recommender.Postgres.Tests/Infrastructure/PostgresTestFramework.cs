using System.Reflection;
using Recommender.Postgres.Tests.Infrastructure;
using Xunit.v3;

[assembly: TestFramework(typeof(PostgresTestFramework))]

namespace Recommender.Postgres.Tests.Infrastructure;

/// <summary>
/// xunit's own test framework, except that without a database outside CI (<see cref="DatabaseAvailability.Missing"/>)
/// the test classes that need one (<see cref="NeedsDatabase"/>) are not discovered. <c>dotnet test</c> would otherwise
/// print a skipped block per test (about 150 of them, three lines each); instead one test,
/// <c>PostgresAvailabilityTests.Database_IsConfigured_AndAnswers</c>, skips once, saying how many were left out and
/// how to run them. In CI (CI=true) nothing is left out: every test that needs the database fails without it.
/// </summary>
public sealed class PostgresTestFramework : XunitTestFramework
{
    private static readonly Type[] DatabaseFixtures = [typeof(PostgresSchemaFixture), typeof(MigratedSchemaFixture)];

    /// <summary>True for a test class that uses a database fixture (<c>IClassFixture&lt;PostgresSchemaFixture&gt;</c> or the migrated one).</summary>
    public static bool NeedsDatabase(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>) && DatabaseFixtures.Contains(i.GenericTypeArguments[0]));

    /// <summary>The test methods of the classes that need a database (what is left out without one).</summary>
    public static int CountDatabaseTests(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && NeedsDatabase(t))
            .Sum(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Count(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()));

    /// <summary>The runner discovers with this, then runs what it found (the executor does not discover again).</summary>
    protected override ITestFrameworkDiscoverer CreateDiscoverer(Assembly assembly) =>
        new Discoverer((XunitTestFrameworkDiscoverer)base.CreateDiscoverer(assembly));

    /// <summary>xunit's discoverer for the same test assembly (its configuration included), filtering classes.</summary>
    private sealed class Discoverer(XunitTestFrameworkDiscoverer inner) : XunitTestFrameworkDiscoverer(inner.TestAssembly, inner.TestCollectionFactory)
    {
        protected override bool IsValidTestClass(Type type) =>
            base.IsValidTestClass(type) && !(TestDatabase.Availability == DatabaseAvailability.Missing && NeedsDatabase(type));

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
