namespace Caio.Worker.Tests;
