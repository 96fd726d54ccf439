import '@mantine/charts/styles.css'
import '@mantine/dates/styles.css'

import { Navigate, Route, Routes } from 'react-router'
import { NotFoundPage } from '../NotFoundPage'
import { AlertsPage } from './alerts/AlertsPage'
import { ApiKeysPage } from './apiKeys/ApiKeysPage'
import { AvailabilityPage } from './availability/AvailabilityPage'
import { ConsoleLayout } from './ConsoleLayout'
import { DeliveryLogPage } from './deliveries/DeliveryLogPage'
import { OutsideCarePage } from './outsideCare/OutsideCarePage'
import { PatientListPage } from './patients/PatientListPage'
import { PatientPage } from './patients/PatientPage'
import { ReportsPage } from './reports/ReportsPage'
import { SchedulePage } from './schedule/SchedulePage'
import { WebhooksPage } from './webhooks/WebhooksPage'

/** The console's pages below /clinic/:clinicSlug/. */
export default function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        <Route index element={<Navigate to="schedule" replace />} />
        <Route path="schedule" element={<SchedulePage />} />
        <Route path="patients" element={<PatientListPage />} />
        <Route path="patients/:patientId" element={<PatientPage />} />
        <Route path="availability" element={<AvailabilityPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="messages" element={<DeliveryLogPage />} />
        <Route path="outside-care" element={<OutsideCarePage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
