import type { ReactNode } from 'react'
import { Route, Routes, Navigate } from 'react-router'
import { AnonymousOnly, RequireAuth } from '../auth/guards'
import { ChangeEmailPage } from '../features/account/ChangeEmailPage'
import { ChangePasswordPage } from '../features/account/ChangePasswordPage'
import { CheckEmailPage } from '../features/account/CheckEmailPage'
import { LoginPage } from '../features/account/LoginPage'
import { MfaAuthenticatePage } from '../features/account/MfaAuthenticatePage'
import { ReauthenticatePage } from '../features/account/ReauthenticatePage'
import { RequestPasswordResetPage } from '../features/account/RequestPasswordResetPage'
import { ResetPasswordPage } from '../features/account/ResetPasswordPage'
import { SignupPage } from '../features/account/SignupPage'
import { VerifyEmailPage } from '../features/account/VerifyEmailPage'
import { AppointmentPage } from '../features/booking/AppointmentPage'
import { AppointmentsPage } from '../features/booking/AppointmentsPage'
import { BookPage } from '../features/booking/BookPage'
import { CancelPage } from '../features/booking/CancelPage'
import { JoinPage } from '../features/booking/JoinPage'
import { ReschedulePage } from '../features/booking/ReschedulePage'
import { SeriesPage } from '../features/booking/SeriesPage'
import { CheckInPage } from '../features/checkins/CheckInPage'
import { CheckInsPage } from '../features/checkins/CheckInsPage'
import { ConsoleEntry } from '../features/console/ConsoleEntry'
import { CareTeamPage } from '../features/careTeam/CareTeamPage'
import { ConsentsPage } from '../features/consents/ConsentsPage'
import { IntakePage } from '../features/intake/IntakePage'
import { ArticlePage } from '../features/library/ArticlePage'
import { LibraryPage } from '../features/library/LibraryPage'
import { SavedArticlesPage } from '../features/library/SavedArticlesPage'
import { NotFoundPage } from '../features/NotFoundPage'
import { NotificationSettingsPage } from '../features/notifications/NotificationSettingsPage'
import { NotificationsPage } from '../features/notifications/NotificationsPage'
import { UnsubscribePage } from '../features/notifications/UnsubscribePage'
import { HomePage } from '../features/patient/HomePage'
import { ProfilePage } from '../features/patient/ProfilePage'
import { RecoveryCodesPage } from '../features/security/RecoveryCodesPage'
import { SecurityPage } from '../features/security/SecurityPage'
import { TotpSetupPage } from '../features/security/TotpSetupPage'
import { ClinicConsolePage } from '../features/staff/ClinicConsolePage'
import { AppLayout } from '../layout/AppLayout'
import { paths } from './paths'

const signedIn = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>
const signedOut = (page: ReactNode) => <AnonymousOnly>{page}</AnonymousOnly>

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path={paths.login} element={signedOut(<LoginPage />)} />
        <Route path={paths.signup} element={signedOut(<SignupPage />)} />
        <Route path={paths.mfaAuthenticate} element={signedOut(<MfaAuthenticatePage />)} />
        <Route path={paths.checkEmail} element={<CheckEmailPage />} />
        <Route path={paths.verifyEmail} element={<VerifyEmailPage />} />
        <Route path={paths.requestPasswordReset} element={<RequestPasswordResetPage />} />
        <Route path={paths.resetPassword} element={<ResetPasswordPage />} />

        <Route path={paths.home} element={signedIn(<HomePage />)} />
        <Route path={paths.profile} element={signedIn(<ProfilePage />)} />
        <Route path={paths.intake} element={signedIn(<IntakePage />)} />
        <Route path={paths.consents} element={signedIn(<ConsentsPage />)} />
        <Route path={paths.careTeam} element={signedIn(<CareTeamPage />)} />
        <Route path={paths.checkIns} element={signedIn(<CheckInsPage />)} />
        {/* Check-in messages sent before 2026-12 linked here: they still lead to the check-ins. */}
        <Route path="/assessments" element={<Navigate to={paths.checkIns} replace />} />
        <Route path={paths.checkIn} element={signedIn(<CheckInPage />)} />
        <Route path={paths.library} element={signedIn(<LibraryPage />)} />
        <Route path={paths.savedArticles} element={signedIn(<SavedArticlesPage />)} />
        <Route path={paths.article} element={signedIn(<ArticlePage />)} />
        <Route path={paths.book} element={signedIn(<BookPage />)} />
        <Route path={paths.bookSeries} element={signedIn(<SeriesPage />)} />
        <Route path={paths.appointments} element={signedIn(<AppointmentsPage />)} />
        <Route path={paths.appointment} element={signedIn(<AppointmentPage />)} />
        <Route path={paths.appointmentJoin} element={signedIn(<JoinPage />)} />
        <Route path={paths.appointmentReschedule} element={signedIn(<ReschedulePage />)} />
        <Route path={paths.appointmentCancel} element={signedIn(<CancelPage />)} />
        <Route path={paths.notifications} element={signedIn(<NotificationsPage />)} />
        <Route path={paths.notificationSettings} element={signedIn(<NotificationSettingsPage />)} />
        {/* Reached from e-mails, signed in or not: the link's token is the authority. */}
        <Route path={paths.unsubscribe} element={<UnsubscribePage />} />
        <Route path={paths.security} element={signedIn(<SecurityPage />)} />
        <Route path={paths.totpSetup} element={signedIn(<TotpSetupPage />)} />
        <Route path={paths.recoveryCodes} element={signedIn(<RecoveryCodesPage />)} />
        <Route path={paths.changeEmail} element={signedIn(<ChangeEmailPage />)} />
        <Route path={paths.changePassword} element={signedIn(<ChangePasswordPage />)} />
        <Route path={paths.reauthenticate} element={signedIn(<ReauthenticatePage />)} />
        <Route path={paths.clinicConsole} element={signedIn(<ClinicConsolePage />)} />
        <Route path={paths.clinicWorkspace} element={signedIn(<ConsoleEntry />)} />

        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
