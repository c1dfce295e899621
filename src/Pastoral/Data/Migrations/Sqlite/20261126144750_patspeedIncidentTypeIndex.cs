using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class patspeedIncidentTypeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_SchoolId_TypeId_OccurredOn",
                table: "BehaviourIncidents",
                columns: new[] { "SchoolId", "TypeId", "OccurredOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BehaviourIncidents_SchoolId_TypeId_OccurredOn",
                table: "BehaviourIncidents");
        }
    }
}
